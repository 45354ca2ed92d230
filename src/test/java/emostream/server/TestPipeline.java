package emostream.server;

import emostream.audio.AudioReceiver;
import emostream.config.Config;
import emostream.pipeline.Detector;
import emostream.pipeline.Engine;
import emostream.publish.EventSink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pipeline behind the server in the integration and browser tests: the real Detector on the shipped model,
 * real Vosk and the real MiniLM encoder ({@link Engine}). Until the trained model is on main it falls back to
 * {@link SyntheticPipeline} and says so.
 */
final class TestPipeline implements AutoCloseable {

    final AudioReceiver receiver;
    final Supplier<Set<String>> streams;
    final boolean real;
    private final Engine engine;
    private final Detector detector;

    private TestPipeline(AudioReceiver receiver, Supplier<Set<String>> streams, Engine engine, Detector detector) {
        this.receiver = receiver;
        this.streams = streams;
        this.engine = engine;
        this.detector = detector;
        this.real = detector != null;
    }

    /** The shipped model; {@code -Demostream.test.model} may point elsewhere. */
    static Path model() {
        return Path.of(System.getProperty("emostream.test.model", "models/emostream.onnx")).toAbsolutePath();
    }

    static TestPipeline start(EventSink sink) {
        Path model = model();
        if (!Files.isRegularFile(model)) {
            WebServer.log.warn("no trained model at {} yet: this test runs on a synthetic pipeline", model);
            SyntheticPipeline p = new SyntheticPipeline(sink);
            return new TestPipeline(p, p::streams, null, null);
        }
        Map<String, String> c = new HashMap<>();
        c.put("model.path", model.toString());
        String vosk = System.getProperty("emostream.vosk.model");
        if (vosk != null) {
            c.put("asr.model", vosk);
        }
        Engine engine = Engine.load(Config.defaults().with(c));
        Detector detector = engine.detector(sink);
        return new TestPipeline(detector, detector::streams, engine, detector);
    }

    @Override
    public void close() {
        if (detector != null) {
            detector.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
