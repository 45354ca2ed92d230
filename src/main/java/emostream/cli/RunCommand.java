package emostream.cli;

import emostream.audio.AudioFiles;
import emostream.audio.AudioSource;
import emostream.audio.FileSource;
import emostream.audio.MicrophoneSource;
import emostream.audio.RawPcmSource;
import emostream.config.Config;
import emostream.pipeline.Detector;
import emostream.pipeline.Engine;
import emostream.publish.ConsoleSink;
import emostream.publish.EventBus;
import emostream.publish.JsonLinesSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code run}: the detector on the shipped model, fed by files, stdin or the microphone (and by the parts other
 * packages plug in: see {@link #partOverrides()} and {@link #startParts}), publishing to stdout and the bus.
 * <p>
 * Shutdown (end of input, Ctrl-C or SIGTERM): sources stop, the detector flushes the last window of every stream,
 * then sinks and models close.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Detect emotions in real time from the microphone, files or stdin.",
                "With no input option: the default microphone (and the dashboard server, when built in)."},
        footer = {"", "Examples:",
                "  ./run.sh run --file talk.mp3",
                "  cat talk.flac | ./run.sh run --stdin",
                "  ./run.sh run --file a.wav --file b.wav --json > events.jsonl",
                "  arecord -f S16_LE -r 16000 -c 1 | ./run.sh run --stdin --rate 16000",
                "  ./run.sh run --list-devices; ./run.sh run --mic USB"})
public final class RunCommand implements java.util.concurrent.Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Audio file (WAV, FLAC, MP3, Ogg Vorbis, Opus, AIFF, AU; any rate and channels); repeat for several streams at once.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--stdin", description = "Read audio from stdin: a WAV, FLAC, MP3, Ogg Vorbis/Opus, AIFF or AU stream is "
            + "recognised by its first bytes; anything else is raw signed 16-bit little-endian PCM (--rate, --channels).")
    boolean stdin;

    @Option(names = "--rate", paramLabel = "HZ", description = "Sample rate of --stdin audio (default: ${DEFAULT-VALUE}).",
            defaultValue = "16000")
    int rate;

    @Option(names = "--channels", paramLabel = "N", description = "Channels of --stdin audio, averaged to mono (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int channels;

    @Option(names = "--mic", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
            description = "Capture from a microphone: the default one, or the device whose name contains NAME.")
    String mic;

    @Option(names = "--list-devices", description = "List the capture devices and exit.")
    boolean listDevices;

    @Option(names = "--stream", paramLabel = "ID",
            description = "Stream id of a single input (default: the file name, 'stdin' or 'mic').")
    String streamId;

    @Option(names = "--realtime", description = "Feed files at the speed of real time (a recording replayed live).")
    boolean realtime;

    @Option(names = "--json", description = "Print events as JSON lines on stdout (output.format=json).")
    boolean json;

    @Option(names = "--quiet", description = "Print no events on stdout (output.format=none).")
    boolean quiet;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write every event as JSON lines to FILE (output.file).")
    Path output;

    @Option(names = "--model", paramLabel = "FILE", description = "The ONNX model (model.path).")
    Path model;

    @Option(names = "--partials", description = "Also publish partial transcripts (asr.partials=true).")
    boolean partials;

    @Option(names = "--no-asr", description = "No speech recognition: audio-only labels (asr.enabled=false).")
    boolean noAsr;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    // ------------------------------------------------------------------ parts of other packages
    // To plug in: add a @Mixin with your flags, put its config overrides in partOverrides(), start it in startParts().

    @Mixin
    emostream.server.ServerOptions server;

    @Mixin
    emostream.kafka.KafkaOptions kafka = new emostream.kafka.KafkaOptions();

    /** Config overrides from the parts' flags. */
    private Map<String, String> partOverrides() {
        Map<String, String> m = new LinkedHashMap<>();
        m.putAll(server.overrides());
        m.putAll(kafka.overrides());
        return m;
    }

    /** Starts the parts on the loaded pipeline: subscribe sinks to ctx.bus(), add sources, register what to close. */
    private void startParts(RunContext ctx) throws Exception {
        // dashboard + WebSocket API: /ws/audio streams end before the detector flushes, the server closes after
        emostream.server.WebServer.startIfEnabled(ctx.config(), ctx.bus(), ctx.detector(), ctx.detector()::streams)
                .ifPresent(web -> {
                    ctx.beforeFlush(web::stopAudio).onStop(web).keepRunning("dashboard on " + web.url());
                    if (keepServing(ctx.config())) {
                        ctx.serveAfterInput("the dashboard on " + web.url());
                    }
                });
        emostream.kafka.KafkaRun.attach(ctx, !files.isEmpty() || stdin || mic != null);
    }

    /**
     * {@code server.keep-serving}: true, false, or auto = when the input is replayed in real time (watched on the
     * dashboard) or run from a terminal; a batch job with its output redirected ends with its input.
     */
    private boolean keepServing(Config c) {
        return switch (c.choice("server.keep-serving", "auto", "true", "false")) {
            case "true" -> true;
            case "false" -> false;
            default -> realtime || System.console() != null;
        };
    }

    // ------------------------------------------------------------------

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger failures = new AtomicInteger();

    @Override
    public Integer call() throws Exception {
        if (listDevices) {
            List<MicrophoneSource.Device> devices = MicrophoneSource.devices();
            PrintWriter out = spec.commandLine().getOut();
            if (devices.isEmpty()) {
                out.println("no capture devices (no sound card); " + MicrophoneSource.alternatives(dashboard(options.load(overrides()))));
            } else {
                devices.forEach(d -> out.println(d));
            }
            out.flush();
            return 0;
        }
        checkInputs();
        Config config = options.load(overrides());
        MicrophoneSource explicitMic = null;
        if (mic != null) { // an asked-for microphone that is missing fails before the models load
            try {
                explicitMic = MicrophoneSource.open(mic.isEmpty() ? null : mic, streamId != null ? streamId : "mic",
                        dashboard(config));
            } catch (MicrophoneSource.UnavailableException e) {
                throw new UserException(e.getMessage());
            }
        }
        try {
            return run(config, explicitMic);
        } finally {
            if (explicitMic != null) {
                explicitMic.close();
            }
        }
    }

    private int run(Config config, MicrophoneSource explicitMic) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String format = config.choice("output.format", "console", "json", "none");
        Path outputFile = config.path("output.file");
        Thread hook = new Thread(this::signalled, "emostream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Engine engine = Engine.load(config)) {
            EventBus bus = new EventBus();
            switch (format) {
                case "console" -> bus.subscribe(ConsoleSink.stdout());
                case "json" -> bus.subscribe(JsonLinesSink.stdout());
                default -> { }
            }
            if (outputFile != null) {
                bus.subscribe(new JsonLinesSink(Files.newOutputStream(outputFile), true));
            }
            Detector detector = engine.detector(bus);
            RunContext ctx = new RunContext(config, engine, detector, bus);
            try {
                startParts(ctx);
                List<AudioSource> local = localSources(ctx, explicitMic);
                boolean finite = !files.isEmpty() || stdin;
                boolean stay = !finite && !ctx.keepRunning.isEmpty();
                List<AudioSource> all = new ArrayList<>(ctx.sources);
                all.addAll(local);
                if (all.isEmpty() && !stay) {
                    throw new UserException("nothing to listen to; " + MicrophoneSource.alternatives(dashboard(config)));
                }
                if (stay) {
                    log.info("running until Ctrl-C ({})", String.join(", ", ctx.keepRunning));
                }
                runSources(all, detector, stay, err);
                if (finite && !ctx.afterInput.isEmpty() && stopped.getCount() > 0) {
                    log.info("the input has ended; still serving {} until Ctrl-C (--exit-when-done ends run with its input)",
                            String.join(" and ", ctx.afterInput));
                    stopped.await();
                }
            } finally {
                shutdown(ctx, detector, bus);
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for `finished`
            }
        }
        return failures.get() == 0 ? 0 : 1;
    }

    /** Whether the dashboard (and so its browser microphone) runs: not with --no-server. */
    private static boolean dashboard(Config config) {
        return emostream.server.ServerSettings.enabled(config);
    }

    private Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>(partOverrides());
        if (json) {
            m.put("output.format", "json");
        }
        if (quiet) {
            m.put("output.format", "none");
        }
        if (output != null) {
            m.put("output.file", output.toAbsolutePath().toString());
        }
        if (model != null) {
            m.put("model.path", model.toAbsolutePath().toString());
        }
        if (partials) {
            m.put("asr.partials", "true");
        }
        if (noAsr) {
            m.put("asr.enabled", "false");
        }
        return m;
    }

    /** Input mistakes are reported before the models load. */
    private void checkInputs() {
        if (json && quiet) {
            throw new UserException("--json and --quiet contradict each other");
        }
        int inputs = files.size() + (stdin ? 1 : 0) + (mic != null ? 1 : 0);
        if (streamId != null && inputs > 1) {
            throw new UserException("--stream names one input, but " + inputs + " were given");
        }
        Set<String> ids = new HashSet<>();
        for (Path f : files) {
            if (!Files.exists(f)) {
                throw new UserException(f + ": no such file");
            }
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new UserException(f + ": not a readable file");
            }
            String id = streamId != null ? streamId : FileSource.defaultStreamId(f);
            if (!ids.add(id)) {
                throw new UserException("two files would both be stream '" + id + "'; rename one");
            }
        }
        if (stdin) {
            try {
                new RawPcmSource(InputStream.nullInputStream(), "stdin", "stdin", rate, channels); // checks rate/channels
            } catch (IllegalArgumentException e) {
                throw new UserException("--rate/--channels: " + e.getMessage());
            }
        } else if (rate != 16_000 || channels != 1) {
            log.warn("--rate and --channels apply to --stdin only (files declare their own format)");
        }
    }

    private List<AudioSource> localSources(RunContext ctx, MicrophoneSource explicitMic) throws IOException {
        List<AudioSource> out = new ArrayList<>();
        for (Path f : files) {
            out.add(new FileSource(f, streamId != null ? streamId : FileSource.defaultStreamId(f), realtime));
        }
        if (stdin) {
            out.add(stdinSource(streamId != null ? streamId : "stdin"));
        }
        if (explicitMic != null) {
            out.add(explicitMic);
        } else if (out.isEmpty() && ctx.sources.isEmpty()) { // no input named: the default microphone
            try {
                out.add(MicrophoneSource.open(null, streamId != null ? streamId : "mic", dashboard(ctx.config())));
            } catch (MicrophoneSource.UnavailableException e) {
                if (ctx.keepRunning.isEmpty()) {
                    throw new UserException(e.getMessage());
                }
                log.warn("{}; waiting for other audio ({})", e.getMessage(), String.join(", ", ctx.keepRunning));
            }
        }
        return out;
    }

    /** stdin: raw PCM or an encoded file, told apart when its first bytes arrive. */
    private AudioSource stdinSource(String id) {
        return new StdinSource(id);
    }

    /**
     * stdin, looked at on the source's own thread once its first bytes arrive (a pipe may stay quiet until the
     * dashboard is up): nothing at all is an error, a container {@link AudioFiles} reads is decoded, one it does
     * not read is refused in one line, anything else is raw PCM.
     */
    private final class StdinSource implements AudioSource {
        private final BufferedInputStream in = new BufferedInputStream(System.in, 1 << 16);
        private final String id;
        private volatile AudioSource delegate;
        private volatile boolean closed;

        StdinSource(String id) {
            this.id = id;
        }

        @Override
        public String describe() {
            return "stdin";
        }

        long samples() {
            AudioSource d = delegate;
            return d instanceof FileSource f ? f.samples() : d instanceof RawPcmSource r ? r.samples() : -1;
        }

        @Override
        public void pump(emostream.audio.AudioReceiver receiver) throws IOException, InterruptedException {
            in.mark(1);
            if (in.read() < 0) {
                throw new IOException("stdin is empty: nothing to listen to (pipe an audio file or raw 16-bit PCM "
                        + "into --stdin, e.g. cat talk.flac | ./run.sh run --stdin)");
            }
            in.reset();
            String format = AudioFiles.detect(in);
            if (format != null && !AudioFiles.readable(format)) {
                throw new IOException("stdin holds " + format + ", which emostream does not read; " + AudioFiles.CONVERT
                        + " (or pipe raw 16-bit PCM with --rate/--channels)");
            }
            AudioSource d;
            if (format != null) {
                log.info("stdin holds {} audio; decoding it instead of raw PCM", format);
                d = new FileSource("stdin", () -> AudioFiles.open(in, "stdin"), id, false);
            } else {
                d = new RawPcmSource(in, "stdin", id, rate, channels);
            }
            delegate = d;
            if (closed) {
                d.close();
            }
            d.pump(receiver);
        }

        @Override
        public void close() {
            closed = true;
            AudioSource d = delegate;
            if (d != null) {
                d.close();
            }
        }
    }

    /** Pumps every source on its own thread until all are done (or, when staying, until a signal). */
    private void runSources(List<AudioSource> sources, Detector detector, boolean stay, PrintWriter err)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<AudioSource> running = Collections.synchronizedList(new ArrayList<>(sources));
        this.active = running;
        for (AudioSource s : sources) {
            Thread t = new Thread(() -> pump(s, detector, err), "source " + s.describe());
            t.setDaemon(true); // a read blocked on stdin must not keep the JVM alive after shutdown
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            while (t.isAlive() && stopped.getCount() > 0) {
                t.join(200);
            }
        }
        if (stay) {
            stopped.await();
        }
        for (AudioSource s : sources) {
            s.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : threads) {
            // a source mid-chunk finishes its call; a read blocked on an idle pipe is abandoned (daemon thread)
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    private volatile List<AudioSource> active = List.of();

    private void pump(AudioSource s, Detector detector, PrintWriter err) {
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        try {
            s.pump(detector);
            report(s, t0, cpu0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | IllegalArgumentException e) {
            failures.incrementAndGet();
            // the decoder's messages already start with the file name
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            err.println("error: " + (msg.contains(s.describe().replaceFirst("^file ", "")) ? msg : s.describe() + ": " + msg));
            err.flush();
        } catch (IllegalStateException e) {
            if (stopped.getCount() > 0) { // after a stop, a refused chunk is expected
                failures.incrementAndGet();
                err.println("error: " + s.describe() + ": " + e.getMessage());
                err.flush();
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            err.println("error: " + s.describe() + ": " + e);
            if (Boolean.getBoolean("emostream.debug")) {
                e.printStackTrace(err);
            }
            err.flush();
        } finally {
            active.remove(s);
        }
    }

    /**
     * Real-time factor of a file: processing time / audio duration (below 1 = faster than real time). The CPU time
     * of the source's thread, which runs the whole pipeline synchronously (Vosk, features, model, text encoder with
     * model.threads=1), is shown too: it does not depend on how busy the machine is.
     */
    private static void report(AudioSource s, long t0, long cpu0) {
        long samples = s instanceof FileSource f ? f.samples() : s instanceof RawPcmSource r ? r.samples()
                : s instanceof StdinSource in ? in.samples() : -1;
        if (samples > 0) {
            double audio = samples / (double) AudioSource.SAMPLE_RATE;
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            log.info(String.format(Locale.ROOT, "%s: %.1f s of audio in %.2f s (real-time factor %.3f; thread CPU %.2f s, %.3f per audio second)",
                    s.describe(), audio, wall, wall / audio, cpu, cpu / audio));
        }
    }

    private static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
    }

    /** Ctrl-C / SIGTERM: stop the sources and wait (bounded) until the last windows are flushed. */
    private void signalled() {
        if (finished.getCount() == 0) {
            return;
        }
        log.info("stopping: flushing the last windows");
        stopped.countDown();
        for (AudioSource s : List.copyOf(active)) {
            s.close();
        }
        try {
            finished.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdown(RunContext ctx, Detector detector, EventBus bus) {
        stopped.countDown();
        for (AudioSource s : ctx.sources) {
            s.close();
        }
        for (AutoCloseable f : ctx.feeders) {
            try {
                f.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", f, e.toString());
            }
        }
        detector.close(); // flushes every stream still open
        List<AutoCloseable> closeables = new ArrayList<>(ctx.closeables);
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c, e.toString());
            }
        }
        bus.flush();
        bus.close();
    }
}
