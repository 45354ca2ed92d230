package emostream.pipeline;

import emostream.asr.Transcriber;
import emostream.asr.TranscriberSession;
import emostream.audio.AudioReceiver;
import emostream.audio.AudioSource;
import emostream.config.Config;
import emostream.config.ConfigException;
import emostream.features.FeatureConfig;
import emostream.metrics.Metrics;
import emostream.model.EmotionModel;
import emostream.model.ModelInfo;
import emostream.publish.EventSink;
import emostream.text.TextEncoder;
import emostream.vad.SileroModel;
import emostream.vad.VadSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real-time detector: for many streams at once, windows → voice-activity gate → features → model, and
 * Vosk → text encoder, publishing {@code emotion} and {@code transcript} events to one {@link EventSink}.
 * <p>
 * The audio path is synchronous per stream: when {@link #audio} returns, every window that the audio completed has
 * been published (with {@code pipeline.revisions}, the default: labelled from its audio and any transcript already
 * final for it). Speech recognition runs beside it on a bounded pool of workers ({@code asr.threads}), which publish
 * transcripts and the windows' revisions as results arrive, so capture and the audio path never wait for Vosk.
 * {@link #resumePoint} accounts for windows whose last record may still change, so a caller (Kafka) may commit its
 * input up to it once the sink acknowledged what was published. Calls for one stream come from one thread at a time;
 * different streams may run concurrently (each has its own session; the model and the Vosk model are shared).
 * <p>
 * The detector does not own the model, transcriber, encoder or sink: whoever built them closes them
 *.
 */
public final class Detector implements AudioReceiver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Detector.class);

    private final PipelineSettings settings;
    private final EmotionModel model;
    private final Transcriber transcriber;
    private final TextEncoder encoder;
    private final SileroModel vadModel;
    private final EventSink sink;
    private final PipelineMetrics metrics;
    private final ConcurrentHashMap<String, StreamSession> sessions = new ConcurrentHashMap<>();
    private final RecognitionPool recognitionPool;   // null without speech recognition
    private final emostream.asr.ReleasingSession.Counts recognisers = new emostream.asr.ReleasingSession.Counts();
    private volatile boolean closed;

    private Detector(Builder b) {
        this.settings = b.settings;
        this.model = b.model;
        this.transcriber = b.transcriber;
        this.encoder = b.encoder;
        this.vadModel = b.vadModel;
        this.sink = b.sink;
        this.metrics = new PipelineMetrics(b.metrics);
        check(model.info(), settings, encoder);
        if (settings.vad().engine() == VadSettings.Engine.SILERO && vadModel == null) {
            throw new IllegalArgumentException("vad.engine=silero needs the voice-activity model (Builder.voiceActivity)");
        }
        this.recognitionPool = transcriber == null ? null : new RecognitionPool(settings.asr().workerThreads(), settings.asr().nice(),
                metrics.asrQueueSeconds);
        b.metrics.gauge("emostream_streams_open", "streams the detector has open", sessions::size);
        if (transcriber != null) {
            b.metrics.gauges("emostream_asr_lag_seconds",
                    "how far each open stream's speech recognition is behind its audio (seconds)", "stream", this::lags);
            b.metrics.gauge("emostream_asr_lag_max_seconds", "the largest speech-recognition lag of any open stream",
                    () -> lags().values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
            b.metrics.gauge("emostream_asr_workers", "speech recognition workers (asr.threads)", recognitionPool::threads);
            b.metrics.gauge("emostream_asr_recognisers_released", "recognisers given back after asr.release.idle.seconds "
                    + "of skipped silence (since start)", () -> recognisers.released().get());
            b.metrics.gauge("emostream_asr_recognisers_reopened", "recognisers opened again when a stream spoke after "
                    + "giving its recogniser back (since start)", () -> recognisers.reopened().get());
        }
    }

    private java.util.Map<String, Double> lags() {
        java.util.Map<String, Double> out = new java.util.HashMap<>();
        sessions.forEach((id, s) -> out.put(id, s.asrLagSamples() / (double) AudioSource.SAMPLE_RATE));
        return out;
    }

    /** A detector over {@code model} publishing to {@code sink}; audio only until a transcriber is given. */
    public static Builder builder(EmotionModel model, EventSink sink) {
        return new Builder(model, sink);
    }

    private static void check(ModelInfo info, PipelineSettings s, TextEncoder encoder) {
        FeatureConfig fc = info.features();
        if (fc.sampleRate() != AudioSource.SAMPLE_RATE) {
            throw new IllegalArgumentException("model " + info.name() + " expects " + fc.sampleRate()
                    + " Hz input; the pipeline delivers " + AudioSource.SAMPLE_RATE + " Hz");
        }
        if (fc.windowSamples() != s.windowSamples()) {
            throw new ConfigException("window.seconds", s.windowSamples() / (double) AudioSource.SAMPLE_RATE
                    + " s does not match model " + info.name() + ", which was trained on "
                    + fc.windowSamples() / (double) AudioSource.SAMPLE_RATE + " s windows");
        }
        if (encoder != null && info.textDim() > 0 && encoder.dimension() != info.textDim()) {
            throw new IllegalArgumentException("text encoder gives " + encoder.dimension() + "-d embeddings; model "
                    + info.name() + " expects " + info.textDim());
        }
        // a text head reads one encoder's embedding space: the fine-tuned encoder's vectors mean nothing to a head
        // trained on the original one (and vice versa), though both are 384-d
        String trainedOn = info.metadata().get("text_encoder");
        if (encoder != null && info.textDim() > 0 && trainedOn != null && !trainedOn.equals(encoder.id())) {
            throw new IllegalArgumentException("model " + info.name() + " was trained on text encoder " + trainedOn
                    + " but text.encoder.model loads " + encoder.id() + ": point text.encoder.model at the encoder the"
                    + " model was trained with");
        }
    }

    public PipelineSettings settings() {
        return settings;
    }

    public ModelInfo modelInfo() {
        return model.info();
    }

    /** Opens {@code streamId} with its first sample at absolute position {@code startSample} (Kafka resuming). */
    public void begin(String streamId, long startSample) {
        if (startSample < 0) {
            throw new IllegalArgumentException("stream " + streamId + ": start sample " + startSample + " is negative");
        }
        checkOpen(streamId);
        boolean[] created = {false};
        sessions.computeIfAbsent(streamId, id -> {
            created[0] = true;
            return open(id, startSample);
        });
        if (!created[0]) {
            throw new IllegalStateException("stream " + streamId + " is already open");
        }
    }

    /**
     * 16 kHz mono audio for {@code streamId}, opened at sample 0 on first use. Every event whose window is ready
     * has been published when this returns.
     */
    @Override
    public void audio(String streamId, float[] samples, int offset, int length) {
        StreamSession s = sessions.get(streamId);
        if (s == null) {
            checkOpen(streamId);
            s = sessions.computeIfAbsent(streamId, id -> open(id, 0));
        }
        s.accept(samples, offset, length);
    }

    /**
     * Flushes the last (zero-padded) window and the last transcript of {@code streamId}, waits until its recognition
     * has caught up and every window's last record is published, then closes it.
     */
    @Override
    public void end(String streamId) {
        StreamSession s = sessions.remove(streamId);
        if (s != null) {
            s.end();
        }
    }

    /** Closes {@code streamId} without publishing anything more (partition revoked: another consumer resumes it). */
    public void drop(String streamId) {
        StreamSession s = sessions.remove(streamId);
        if (s != null) {
            s.drop();
        }
    }

    /**
     * The earliest absolute sample still needed by windows and transcripts of {@code streamId} not yet published:
     * after a crash, {@code begin(streamId, resumePoint)} and replaying from there loses nothing (events already
     * published may repeat, with the same ids). -1 when the stream is not open.
     */
    public long resumePoint(String streamId) {
        StreamSession s = sessions.get(streamId);
        return s == null ? -1 : s.resumePoint();
    }

    /** Absolute position just after the last sample received for {@code streamId}; -1 when not open. */
    public long position(String streamId) {
        StreamSession s = sessions.get(streamId);
        return s == null ? -1 : s.position();
    }

    /** How far {@code streamId}'s speech recognition is behind its audio, in seconds (0 when caught up or off). */
    public double asrLagSeconds(String streamId) {
        StreamSession s = sessions.get(streamId);
        return s == null ? 0 : s.asrLagSamples() / (double) AudioSource.SAMPLE_RATE;
    }

    /**
     * Blocks until the speech recognition of {@code streamId} has caught up with the audio given so far and every
     * transcript and revision that caused has been published; false when {@code timeout} ran out first.
     */
    public boolean awaitRecognition(String streamId, java.time.Duration timeout) throws InterruptedException {
        StreamSession s = sessions.get(streamId);
        return s == null || s.awaitRecognition(timeout.toMillis());
    }

    /** The open streams. */
    public Set<String> streams() {
        return Set.copyOf(sessions.keySet());
    }

    /** Ends every open stream (flushing its last window) and flushes the sink. Later audio is refused. */
    @Override
    public void close() {
        closed = true;
        for (String id : sessions.keySet()) {
            try {
                end(id);
            } catch (RuntimeException e) {
                log.warn("stream {}: flushing on close failed: {}", id, e.toString());
            }
        }
        if (recognitionPool != null) {
            recognitionPool.close();
        }
        sink.flush();
    }

    private void checkOpen(String streamId) {
        if (streamId == null || streamId.isEmpty()) {
            throw new IllegalArgumentException("stream id must not be empty");
        }
        if (closed) {
            throw new IllegalStateException("the detector is closed; stream " + streamId + " was refused");
        }
        if (sessions.size() >= settings.maxStreams()) {
            throw new IllegalStateException("too many open streams (" + sessions.size()
                    + ", pipeline.max.streams); stream " + streamId + " was refused");
        }
    }

    private StreamSession open(String streamId, long startSample) {
        long idle = settings.asr().releaseIdleSamples();
        TranscriberSession asr = transcriber == null ? null : idle > 0
                ? new emostream.asr.ReleasingSession(transcriber, streamId, startSample, idle, recognisers)
                : transcriber.open(streamId, startSample);
        metrics.streamsOpened.inc();
        log.debug("stream {} opened at sample {}", streamId, startSample);
        return new StreamSession(streamId, startSample, settings, model, asr, encoder, vadModel, sink, metrics, recognitionPool);
    }

    /** Assembles a detector; only the model and the sink are required. */
    public static final class Builder {
        private final EmotionModel model;
        private final EventSink sink;
        private PipelineSettings settings = PipelineSettings.DEFAULT;
        private Transcriber transcriber;
        private TextEncoder encoder;
        private SileroModel vadModel;
        private Metrics metrics = Metrics.global();

        private Builder(EmotionModel model, EventSink sink) {
            this.model = Objects.requireNonNull(model, "model");
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        public Builder settings(PipelineSettings s) {
            this.settings = Objects.requireNonNull(s);
            return this;
        }

        /** Reads the {@code window.*}, {@code vad.*}, {@code smoothing.*}, {@code asr.*} and {@code pipeline.*} keys. */
        public Builder config(Config c) {
            return settings(PipelineSettings.from(c));
        }

        /** Speech recognition; {@code null} = audio only, no transcripts. */
        public Builder transcriber(Transcriber t) {
            this.transcriber = t;
            return this;
        }

        /** The text branch; {@code null} = transcripts are published but the model sees audio only. */
        public Builder textEncoder(TextEncoder e) {
            this.encoder = e;
            return this;
        }

        /** The Silero model, shared by every stream; needed when the settings name {@code vad.engine=silero}. */
        public Builder voiceActivity(SileroModel m) {
            this.vadModel = m;
            return this;
        }

        public Builder metrics(Metrics m) {
            this.metrics = Objects.requireNonNull(m);
            return this;
        }

        public Detector build() {
            return new Detector(this);
        }
    }
}
