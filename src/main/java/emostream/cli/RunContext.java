package emostream.cli;

import emostream.audio.AudioSource;
import emostream.config.Config;
import emostream.pipeline.Detector;
import emostream.pipeline.Engine;
import emostream.publish.EventBus;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code run} hands to the parts other packages plug into it (the server, Kafka): the loaded config and
 * engine, the detector (an {@link emostream.audio.AudioReceiver}) and the event bus to subscribe sinks to.
 * A part registers its sources (stopped first on shutdown), what to close after the detector has flushed,
 * and whether the process should keep running while no local source is active (a server waiting for clients).
 */
public final class RunContext {

    private final Config config;
    private final Engine engine;
    private final Detector detector;
    private final EventBus bus;
    final List<AudioSource> sources = new ArrayList<>();
    final List<AutoCloseable> closeables = new ArrayList<>();
    final List<AutoCloseable> feeders = new ArrayList<>();
    final List<String> keepRunning = new ArrayList<>();
    final List<String> afterInput = new ArrayList<>();

    RunContext(Config config, Engine engine, Detector detector, EventBus bus) {
        this.config = config;
        this.engine = engine;
        this.detector = detector;
        this.bus = bus;
    }

    public Config config() {
        return config;
    }

    public Engine engine() {
        return engine;
    }

    public Detector detector() {
        return detector;
    }

    public EventBus bus() {
        return bus;
    }

    /** A source pumped on its own thread into the detector; closed first on shutdown. */
    public RunContext addSource(AudioSource source) {
        sources.add(source);
        return this;
    }

    /**
     * Stopped on shutdown right after the sources, before the detector flushes: a part that feeds the detector from
     * threads of its own (the WebSocket server's /ws/audio streams) ends its streams here, so that no audio arrives
     * while the detector closes.
     */
    public RunContext beforeFlush(AutoCloseable feeder) {
        feeders.add(feeder);
        return this;
    }

    /**
     * Closed on shutdown after the sources have stopped and the detector has flushed every stream, in reverse
     * order of registration (a sink sees the last windows before it closes).
     */
    public RunContext onStop(AutoCloseable c) {
        closeables.add(c);
        return this;
    }

    /**
     * Keeps the process running until Ctrl-C/SIGTERM even when there is no microphone (e.g. the dashboard waits for
     * browser audio). Ignored when the user gave a finite input ({@code --file}, {@code --stdin}): then {@code run}
     * ends when that input is done.
     */
    public RunContext keepRunning(String why) {
        keepRunning.add(why);
        return this;
    }

    /**
     * Keeps the process running after a finite input ({@code --file}, {@code --stdin}) has ended, until
     * Ctrl-C/SIGTERM: e.g. the dashboard stays up to look at what the file gave.
     */
    public RunContext serveAfterInput(String what) {
        afterInput.add(what);
        return this;
    }
}
