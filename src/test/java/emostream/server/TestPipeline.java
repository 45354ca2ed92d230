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
 * real ONNX Runtime, real Vosk and the real MiniLM encoder ({@link Engine}). The engine takes seconds to load, so
 * the test classes share one; each test gets its own Detector.
 */
final class TestPipeline implements AutoCloseable {

    private static Engine shared;

    final AudioReceiver receiver;
    final Supplier<Set<String>> streams;
    private final Detector detector;

    private TestPipeline(Detector detector) {
        this.detector = detector;
        this.receiver = detector;
        this.streams = detector::streams;
    }

    /** The shipped model; {@code -Demostream.test.model} may point elsewhere. */
    static Path model() {
        return Path.of(System.getProperty("emostream.test.model", "models/emostream.onnx")).toAbsolutePath();
    }

    /** Skips the calling test (with the reason) when the model is not there. */
    static TestPipeline start(EventSink sink) {
        return new TestPipeline(engine().detector(sink));
    }

    static synchronized Engine engine() {
        Path model = model();
        emostream.RealParts.require(Files.isRegularFile(model), "no trained model at " + model);
        if (shared == null) {
            Map<String, String> c = new HashMap<>();
            c.put("model.path", model.toString());
            // these tests are about the server and the dashboard: a long recognition queue, so that a machine busy with
            // other work does not make a live test stream skip the words the tests look for (overload has its own tests)
            c.put("asr.queue.seconds", "30");
            String vosk = System.getProperty("emostream.vosk.model");
            if (vosk != null) {
                c.put("asr.model", vosk);
            }
            shared = Engine.load(Config.defaults().with(c));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-engine-close"));
        }
        return shared;
    }

    /** Flushes this test's streams; the shared engine stays loaded for the next test class. */
    @Override
    public void close() {
        detector.close();
    }
}
