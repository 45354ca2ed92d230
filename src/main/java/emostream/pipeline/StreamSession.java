package emostream.pipeline;

import emostream.asr.Transcript;
import emostream.asr.TranscriberSession;
import emostream.audio.AudioSource;
import emostream.features.AcousticStream;
import emostream.features.FeatureConfig;
import emostream.features.MelStream;
import emostream.features.SpeakerNorm;
import emostream.features.SpeakerStats;
import emostream.model.EmotionModel;
import emostream.model.ModelInfo;
import emostream.model.ModelInput;
import emostream.model.Prediction;
import emostream.publish.EmotionEvent;
import emostream.publish.EventSink;
import emostream.publish.TranscriptEvent;
import emostream.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream's pipeline: audio → (ring buffer, incremental log-mel, energy gate, Vosk) → windows → model → events.
 * <p>
 * A window is built (gate verdict, spec3d, acoustic features) as soon as its last sample arrives. It is then
 * published at once unless it is speech that Vosk is still transcribing: such a window waits, at most
 * {@link PipelineSettings#textWaitSamples()}, for the final result so that its text goes into the model. Windows
 * leave in {@code seq} order. Calls come from one thread per stream; the methods are synchronized only so that
 * a shutdown from another thread ({@link Detector#close()}) is safe.
 */
final class StreamSession {

    private static final Logger log = LoggerFactory.getLogger(StreamSession.class);
    static final List<String> AUDIO = List.of("audio");
    static final List<String> AUDIO_TEXT = List.of("audio", "text");

    private final String id;
    private final PipelineSettings settings;
    private final EmotionModel model;
    private final ModelInfo info;
    private final TranscriberSession asr;       // null: no transcripts
    private final AsrFeed asrFeed;              // null without asr; feeds it, leaving out long silences
    private final TextEncoder encoder;          // null: transcripts are published but not used by the model
    private final EventSink sink;
    private final PipelineMetrics metrics;

    private final long featureStart;             // the start rounded up to the 10 ms frame grid
    private final MelStream mel;                 // null when the model does not read spec3d
    private final AcousticStream acoustic;       // null when the model uses no acoustic features
    private final SpeakerStats speaker;          // null when the model declares no speaker normalisation
    private final float[] rawSpec;               // with speaker: the window before normalisation, reused
    private final VoiceActivityGate gate;
    private final TextTrack track = new TextTrack();
    private final Smoother smoother;
    private final ArrayDeque<Window> held = new ArrayDeque<>();

    private long position;          // absolute sample just after the last one received
    private long nextWindow;        // start of the next window to build
    private long coveredUntil;      // end of the last built window
    private long asrSegmentStart;   // where Vosk's current, not yet final, utterance began
    private boolean utterancePending;
    private long pendingStartMs;
    private boolean closed;

    /** A built window waiting to be published. {@code spec3d} is null for a silent window. */
    private record Window(long seq, long start, long audioEnd, boolean speech, float[] spec3d, float[] acoustic) {
    }

    StreamSession(String id, long startSample, PipelineSettings settings, EmotionModel model,
                  TranscriberSession asr, TextEncoder encoder, EventSink sink, PipelineMetrics metrics) {
        this.id = id;
        this.settings = settings;
        this.model = model;
        this.info = model.info();
        this.asr = asr;
        this.asrFeed = asr == null ? null : new AsrFeed(asr, settings.asr());
        this.encoder = info.textDim() > 0 ? encoder : null;
        this.sink = sink;
        this.metrics = metrics;
        FeatureConfig fc = info.features();
        int frameHop = fc.hopLength();
        int hop = settings.hopSamples();
        this.featureStart = ceil(startSample, Math.max(frameHop, VoiceActivityGate.FRAME));
        // windows are built the moment they complete, so one window plus the largest slice (a hop) is enough
        double slack = (hop + frameHop) / (double) fc.sampleRate();
        this.mel = info.usesSpec3d() ? new MelStream(fc, featureStart, slack) : null;
        this.acoustic = fc.acoustic().isEmpty() ? null : AcousticStream.create(fc, featureStart, slack);
        this.gate = new VoiceActivityGate(settings.vad(), featureStart, settings.windowSamples() / VoiceActivityGate.FRAME);
        this.smoother = Smoother.create(settings.smoothing(), info.labels());
        SpeakerNorm speakerNorm = info.speakerNorm();
        this.speaker = speakerNorm == null ? null : speakerNorm.newStats();
        this.rawSpec = speaker == null || mel == null ? null : new float[fc.spec3dLength()];
        this.position = startSample;
        this.nextWindow = ceil(startSample, hop);
        this.coveredUntil = nextWindow;
        this.asrSegmentStart = startSample;
    }

    private static long ceil(long v, long step) {
        return (v + step - 1) / step * step;
    }

    private static long ms(long sample) {
        return sample * 1000 / AudioSource.SAMPLE_RATE;
    }

    synchronized void accept(float[] samples, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("stream " + id + " is closed");
        }
        if (offset < 0 || length < 0 || offset + length > samples.length) {
            throw new IllegalArgumentException("audio slice [" + offset + ", " + (offset + length)
                    + ") is outside the " + samples.length + " samples given for stream " + id);
        }
        int hop = settings.hopSamples();
        // slices of at most a hop: buffers stay one window long however large the chunks a source delivers
        for (int pos = 0; pos < length; pos += hop) {
            feed(samples, offset + pos, Math.min(hop, length - pos));
        }
        metrics.audioSamples.add(length);
    }

    private void feed(float[] x, int offset, int n) {
        int skip = (int) Math.min(n, Math.max(0, featureStart - position)); // < 10 ms, after an unaligned begin()
        if (n > skip) {
            if (mel != null) {
                mel.push(x, offset + skip, n - skip);
            }
            if (acoustic != null) {
                acoustic.push(x, offset + skip, n - skip);
            }
            gate.push(x, offset + skip, n - skip);
        }
        long from = position;
        position += n;
        if (asr != null) {
            boolean voiced = !settings.vad().enabled() || gate.judge(from, position).voiced() > 0;
            long skippedBefore = asrFeed.skippedSamples();
            transcripts(asrFeed.accept(x, offset, n, voiced, utterancePending));
            metrics.asrSkippedSamples.add(asrFeed.skippedSamples() - skippedBefore);
        }
        while (nextWindow + settings.windowSamples() <= position) {
            build(nextWindow + settings.windowSamples());
        }
        release(false);
    }

    private void transcripts(List<Transcript> results) {
        for (Transcript t : results) {
            long seq = asrSegmentStart / VoiceActivityGate.FRAME; // stable across a replay from resumePoint()
            if (t.isFinal()) {
                asrSegmentStart = position; // Vosk starts its next utterance after the audio it has consumed
                utterancePending = false;
                if (t.isEmpty()) {
                    continue;
                }
                track.add(new TextTrack.Entry(t.text(), t.startMs(), t.endMs(), encode(t.text())));
                metrics.transcripts.inc();
                sink.publish(new TranscriptEvent(id, seq, t.startMs(), t.endMs(), t.text(), t.words(), true));
            } else if (t.isEmpty()) {
                utterancePending = false;
            } else {
                utterancePending = true;
                pendingStartMs = t.startMs() >= 0 ? t.startMs() : ms(asrSegmentStart);
                if (settings.partials()) {
                    sink.publish(new TranscriptEvent(id, seq, Math.max(0, pendingStartMs), Math.max(t.endMs(), pendingStartMs),
                            t.text(), List.of(), false));
                }
            }
        }
    }

    /** The final result's embedding, computed once; {@code null} when the model has no text branch. */
    private float[] encode(String text) {
        if (encoder == null) {
            return null;
        }
        long t0 = System.nanoTime();
        try {
            return encoder.encode(text);
        } catch (RuntimeException e) {
            log.warn("stream {}: text encoder failed on \"{}\" ({}); its windows use audio only", id, text, e.toString());
            return null;
        } finally {
            metrics.encodeSeconds.observe((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Builds the window at {@code nextWindow}; its real audio ends at {@code audioEnd} (less than its end when padded). */
    private void build(long audioEnd) {
        long start = nextWindow;
        VoiceActivityGate.Verdict verdict = gate.judge(start, audioEnd);
        float[] spec = null;
        float[] ac = new float[0];
        if (verdict.speech()) {
            if (acoustic != null) {
                ac = acoustic.window(start);
            }
            if (mel == null) {
                spec = new float[0];
                if (speaker != null) {
                    speaker.add(spec, ac);
                    ac = speaker.normaliseAcoustic(ac);
                }
            } else if (speaker != null) {
                // the stream's running statistics over its speech windows, as training did per speaker; the raw
                // window is only read here, so it goes into a reused buffer and only the normalised copy is kept
                mel.window(start, rawSpec);
                speaker.add(rawSpec, ac);
                spec = speaker.normaliseSpec(rawSpec);
                ac = speaker.normaliseAcoustic(ac);
            } else {
                spec = mel.window(start);
            }
        }
        held.addLast(new Window(start / settings.hopSamples(), start, audioEnd, verdict.speech(), spec, ac));
        coveredUntil = start + settings.windowSamples();
        nextWindow += settings.hopSamples();
    }

    /** Whether the head window must wait for text: it is speech that Vosk is still transcribing, and time is left. */
    private boolean waitsForText(Window w) {
        return w.speech() && encoder != null && asr != null && settings.textWaitSamples() > 0 && utterancePending
                && pendingStartMs < ms(w.audioEnd()) && position - w.audioEnd() < settings.textWaitSamples();
    }

    private void release(boolean all) {
        List<Window> ready = new ArrayList<>();
        while (!held.isEmpty() && (all || !waitsForText(held.peekFirst()))) {
            ready.add(held.pollFirst());
        }
        if (ready.isEmpty()) {
            return;
        }
        List<ModelInput> inputs = new ArrayList<>();
        List<TextTrack.Entry> texts = new ArrayList<>();
        for (Window w : ready) {
            if (w.speech()) {
                TextTrack.Entry text = track.best(ms(w.start()), ms(w.audioEnd()));
                if (text != null && text.embedding() == null) {
                    text = null;
                }
                texts.add(text);
                inputs.add(new ModelInput(w.spec3d(), w.acoustic(), text == null ? null : text.embedding()));
            }
        }
        List<Prediction> predictions = List.of();
        if (!inputs.isEmpty()) {
            long t0 = System.nanoTime();
            predictions = model.predict(inputs);
            metrics.modelSeconds.observe((System.nanoTime() - t0) / 1e9);
        }
        int i = 0;
        for (Window w : ready) {
            if (w.speech()) {
                sink.publish(emotion(w, predictions.get(i), texts.get(i)));
                i++;
            } else {
                smoother.silence();
                metrics.silentWindows.inc();
                sink.publish(new EmotionEvent(id, w.seq(), ms(w.start()), ms(w.audioEnd()), EmotionEvent.SILENCE, 0,
                        Map.of(), EmotionEvent.SILENCE, null, List.of(), info.name()));
            }
            metrics.windows.inc();
        }
        track.pruneBefore(ms(held.isEmpty() ? nextWindow : held.peekFirst().start()));
    }

    private EmotionEvent emotion(Window w, Prediction p, TextTrack.Entry text) {
        // the fused head equals the audio head when the input had no text (the model contract)
        float[] probs = text != null ? p.fused() : p.audio();
        int best = Smoother.argmax(probs);
        List<String> labels = info.labels();
        Map<String, Double> map = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            map.put(labels.get(k), (double) probs[k]);
        }
        if (text != null) {
            metrics.textWindows.inc();
        }
        return new EmotionEvent(id, w.seq(), ms(w.start()), ms(w.audioEnd()), labels.get(best), probs[best], map,
                smoother.speech(probs), text == null ? null : text.text(), text == null ? AUDIO : AUDIO_TEXT, info.name());
    }

    /** No more audio: the last transcript, then the last (zero-padded) window, then everything still held. */
    synchronized void end() {
        if (closed) {
            return;
        }
        try {
            if (asr != null) {
                transcripts(asrFeed.finish());
            }
            utterancePending = false;
            // audio after the last window, or a stream shorter than a window; a sliver under 10 ms (resampling
            // rounding) is not worth a window of its own
            boolean none = coveredUntil == nextWindow;
            if (position > coveredUntil && (none || position - coveredUntil >= VoiceActivityGate.FRAME)) {
                int missing = (int) (nextWindow + settings.windowSamples() - position);
                float[] zeros = new float[missing];
                if (mel != null) {
                    mel.push(zeros, 0, missing);
                }
                if (acoustic != null) {
                    acoustic.push(zeros, 0, missing);
                }
                build(position);
            }
            release(true);
        } finally {
            close();
        }
    }

    /** Closes without publishing anything more (a revoked Kafka partition: another consumer replays the rest). */
    synchronized void drop() {
        close();
    }

    private void close() {
        if (!closed) {
            closed = true;
            held.clear();
            if (asr != null) {
                asr.close();
            }
        }
    }

    /** The earliest sample that a restart must replay so nothing unpublished is lost. */
    synchronized long resumePoint() {
        long windows = held.isEmpty() ? nextWindow : held.peekFirst().start();
        return asr == null ? windows : Math.min(windows, asrSegmentStart);
    }

    synchronized long position() {
        return position;
    }

    synchronized int heldWindows() {
        return held.size();
    }
}
