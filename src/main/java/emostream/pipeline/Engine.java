package emostream.pipeline;

import emostream.asr.Transcriber;
import emostream.asr.VoskTranscriber;
import emostream.audio.AudioSource;
import emostream.config.Config;
import emostream.metrics.Metrics;
import emostream.model.EmotionModel;
import emostream.model.OnnxEmotionModel;
import emostream.publish.EventSink;
import emostream.text.MiniLmEncoder;
import emostream.text.TextEncoder;
import emostream.vad.SileroModel;
import emostream.vad.VadSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The loaded, shareable parts of the detector, read from config: the ONNX model ({@code model.path},
 * {@code model.threads}), the voice-activity model ({@code vad.model}), the Vosk model ({@code asr.model}, unless {@code asr.enabled=false}) and the text encoder
 * (when the model has a text branch). Loading takes a few seconds; do it once per process and make as many
 * {@link Detector}s as needed. Closing the engine closes all of them.
 * <pre>
 * try (Engine engine = Engine.load(config); Detector d = engine.detector(sink)) { ... }
 * </pre>
 */
public final class Engine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final Config config;
    private final PipelineSettings settings;
    private final EmotionModel model;
    private final Transcriber transcriber;
    private final TextEncoder encoder;
    private final SileroModel vadModel;

    private Engine(Config config, PipelineSettings settings, EmotionModel model, Transcriber transcriber, TextEncoder encoder,
                   SileroModel vadModel) {
        this.config = config;
        this.settings = settings;
        this.model = model;
        this.transcriber = transcriber;
        this.encoder = encoder;
        this.vadModel = vadModel;
    }

    /**
     * Loads everything the config names; Vosk, the text encoder and the ONNX model load in parallel.
     *
     * @throws IllegalArgumentException or {@link emostream.config.ConfigException} naming the file or key at fault
     */
    public static Engine load(Config c) {
        PipelineSettings settings = PipelineSettings.from(c); // bad values fail before anything slow starts
        String fallback = c.choice("vad.fallback", "energy", "none");
        Path vadFile = settings.vad().engine() == VadSettings.Engine.SILERO ? c.path("vad.model") : null;
        Path modelPath = c.path("model.path");
        int threads = c.intValue("model.threads", 0, 256);
        boolean asr = c.bool("asr.enabled");
        Path voskDir = asr ? c.path("asr.model") : null;
        long recycle = Math.round(c.doubleValue("asr.recycle.seconds", 0, 86_400) * AudioSource.SAMPLE_RATE);
        Path encoderFile = c.path("text.encoder.model");
        long t0 = System.nanoTime();
        CompletableFuture<VoskTranscriber> vosk = asr
                ? CompletableFuture.supplyAsync(() -> VoskTranscriber.load(voskDir, recycle), Engine::loader)
                : CompletableFuture.completedFuture(null);
        // MiniLM is the slowest part to load: start it at once, beside Vosk and the model; a model without a text
        // branch closes it again (a second wasted on an unusual model, instead of every start waiting for the model)
        CompletableFuture<TextEncoder> text = asr
                ? CompletableFuture.supplyAsync(() -> new MiniLmEncoder(threads, encoderFile), Engine::loader)
                : CompletableFuture.completedFuture(null);
        EmotionModel model = null;
        Transcriber transcriber = null;
        TextEncoder encoder = null;
        SileroModel vad = null;
        try {
            if (vadFile != null) {
                try {
                    vad = SileroModel.load(vadFile);
                } catch (IllegalArgumentException e) {
                    if (!fallback.equals("energy")) {
                        throw e;
                    }
                    // one clear line, and the service still runs: as it did before the neural detector existed
                    log.warn("{}; using the energy voice-activity gate instead (vad.fallback=energy)", e.getMessage());
                    settings = settings.withVad(settings.vad().withEngine(VadSettings.Engine.ENERGY));
                }
            }
            if (modelPath == null) {
                throw new IllegalArgumentException("no model configured (set model.path)");
            }
            model = OnnxEmotionModel.load(modelPath, threads);
            if (model.info().textDim() <= 0) {
                closeQuietly(join(text));
                text = CompletableFuture.completedFuture(null);
            }
            transcriber = join(vosk);
            encoder = join(text);
            Engine e = new Engine(c, settings, model, transcriber, encoder, vad);
            e.detectorBuilder(event -> { }).metrics(new Metrics()).build(); // validates window/model agreement now
            log.info("loaded model {} ({} labels: {}), {}, voice activity {}, in {} ms", model.info().name(),
                    model.info().labels().size(), String.join(",", model.info().labels()),
                    transcriber == null ? "no speech recognition" : "Vosk " + voskDir.getFileName()
                            + (encoder == null ? " (transcripts only: the model has no text branch)" : " + MiniLM text branch"),
                    vad != null ? "Silero " + vadFile.getFileName() : settings.vad().enabled() ? "energy gate" : "off",
                    (System.nanoTime() - t0) / 1_000_000);
            return e;
        } catch (RuntimeException ex) {
            closeQuietly(encoder != null ? encoder : text.exceptionally(x -> null).join());
            closeQuietly(transcriber != null ? transcriber : vosk.exceptionally(x -> null).join());
            closeQuietly(model);
            closeQuietly(vad);
            throw ex;
        }
    }

    /**
     * A thread per slow load. Not the common pool: on a 2-core machine it has one worker, which would load Vosk and
     * MiniLM one after the other.
     */
    private static void loader(Runnable r) {
        Thread t = new Thread(r, "emostream-loader");
        t.setDaemon(true);
        t.start();
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("close failed: {}", e.toString());
            }
        }
    }

    /** A detector over the loaded components and the config's pipeline settings. */
    public Detector detector(EventSink sink) {
        return detectorBuilder(sink).build();
    }

    /** To change settings or metrics before building. */
    public Detector.Builder detectorBuilder(EventSink sink) {
        return Detector.builder(model, sink).settings(settings).transcriber(transcriber).textEncoder(encoder)
                .voiceActivity(vadModel);
    }

    public Config config() {
        return config;
    }

    public PipelineSettings settings() {
        return settings;
    }

    public EmotionModel model() {
        return model;
    }

    /** {@code null} when speech recognition is off. */
    public Transcriber transcriber() {
        return transcriber;
    }

    /** {@code null} when there is no text branch. */
    public TextEncoder encoder() {
        return encoder;
    }

    @Override
    public void close() {
        closeQuietly(encoder);
        closeQuietly(transcriber);
        closeQuietly(model);
        closeQuietly(vadModel);
    }
}
