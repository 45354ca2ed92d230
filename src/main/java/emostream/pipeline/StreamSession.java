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
import emostream.vad.SileroModel;
import emostream.vad.SpeechGate;
import emostream.vad.SpeechGates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One stream's pipeline: audio → (ring buffer, incremental log-mel, voice-activity gate) → windows → model → events, with
 * speech recognition beside it on a worker ({@link Recognition}).
 * <p>
 * A window is built (gate verdict, spec3d, acoustic features) as soon as its last sample arrives. With revisions
 * ({@link PipelineSettings#revisions()}) it is published at once, labelled from its audio and from any final
 * transcript already known for its span; while a transcript may still come for it, it stays <em>pending</em>, and
 * each final result that overlaps it publishes it again with the fused label, under the same id and the next
 * revision number. A pending window is closed ({@code final=true}) once recognition has passed it. Without revisions
 * a window waits, at most {@link PipelineSettings#textWaitSamples()}, until recognition has passed it, and is
 * published once. Windows are first published in {@code seq} order.
 * <p>
 * The source calls {@link #accept} from one thread; recognition results arrive on a worker through
 * {@link #recognised}. Both, and a shutdown from another thread, take this session's lock; the recogniser's own
 * work (most of a stream's CPU) runs outside it, so the audio path never waits for Vosk.
 */
final class StreamSession implements Recognition.Listener {

    private static final Logger log = LoggerFactory.getLogger(StreamSession.class);
    static final List<String> AUDIO = List.of("audio");
    static final List<String> AUDIO_TEXT = List.of("audio", "text");
    /** A word may show up in the recogniser's results this long after the audio holding it was fed. */
    static final long SETTLE_MARGIN_MS = 500;
    private static final long SHED_LOG_NANOS = 30_000_000_000L;

    private final String id;
    private final PipelineSettings settings;
    private final EmotionModel model;
    private final ModelInfo info;
    private final Recognition recognition;       // null: no speech recognition
    private final boolean textBranch;            // transcripts go into the model (recognition and a text encoder)
    private final AlignedText aligned;           // null: a window's text is the utterance that overlaps it most
    private final EventSink sink;
    private final PipelineMetrics metrics;

    private final long featureStart;             // the start rounded up to the 10 ms frame grid
    private final MelStream mel;                 // null when the model does not read spec3d
    private final AcousticStream acoustic;       // null when the model uses no acoustic features
    private final SpeakerStats speaker;          // null when the model declares no speaker normalisation
    private final float[] rawSpec;               // with speaker: the window before normalisation, reused
    private final SpeechGate gate;
    private final TextTrack track = new TextTrack();
    private final Smoother smoother;
    /** Windows not settled yet, in seq order: published and revisable (revisions), or waiting (without). */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Audio that recognition skipped to keep up, as [from, to) samples, oldest first. */
    private final ArrayDeque<long[]> gaps = new ArrayDeque<>();

    private long position;          // absolute sample just after the last one received
    private long nextWindow;        // start of the next window to build
    private long coveredUntil;      // end of the last built window
    private boolean closed;

    // where recognition stands, as last reported by its worker
    private long asrFrontier;
    private boolean asrOpen;
    private long asrOpenStartMs;
    private long asrSegmentStart;
    private boolean asrFinished;

    private boolean lagWarned;
    private long shedLoggedNanos;
    private long shedSinceLog;

    /** A built window. {@code spec3d} is null for a silent window. */
    private record Window(long seq, long start, long audioEnd, boolean speech, float[] spec3d, float[] acoustic) {
    }

    /** A window whose record may still change. */
    private static final class Pending {
        final Window window;
        EmotionEvent last;          // its latest record; null while it waits unpublished (no revisions)
        TextTrack.Entry text;       // the transcript in `last`
        Smoother before;            // smoothing state before this window: revisions are smoothed from it
        boolean skipped;            // recognition skipped some of its audio
        boolean revising;           // a worker is computing its revision
        long publishedNanos;

        Pending(Window window) {
            this.window = window;
        }
    }

    StreamSession(String id, long startSample, PipelineSettings settings, EmotionModel model,
                  TranscriberSession asr, TextEncoder encoder, SileroModel vadModel, EventSink sink, PipelineMetrics metrics,
                  RecognitionPool pool) {
        this.id = id;
        this.settings = settings;
        this.model = model;
        this.info = model.info();
        TextEncoder text = info.textDim() > 0 ? encoder : null;
        this.recognition = asr == null ? null
                : new Recognition(id, startSample, asr, text, settings, pool, metrics, this);
        this.textBranch = recognition != null && text != null;
        this.aligned = textBranch && settings.text().wordAligned()
                ? new AlignedText(text, ms(settings.text().contextSamples()), metrics) : null;
        this.sink = sink;
        this.metrics = metrics;
        FeatureConfig fc = info.features();
        int frameHop = fc.hopLength();
        int hop = settings.hopSamples();
        this.featureStart = ceil(startSample, Math.max(frameHop, SpeechGate.GRID));
        // windows are built the moment they complete, so one window plus the largest slice (a hop) is enough
        double slack = (hop + frameHop) / (double) fc.sampleRate();
        this.mel = info.usesSpec3d() ? new MelStream(fc, featureStart, slack) : null;
        this.acoustic = fc.acoustic().isEmpty() ? null : AcousticStream.create(fc, featureStart, slack);
        this.gate = SpeechGates.open(settings.vad(), vadModel, featureStart, settings.windowSamples());
        this.smoother = Smoother.create(settings.smoothing(), info.labels());
        SpeakerNorm speakerNorm = info.speakerNorm();
        this.speaker = speakerNorm == null ? null : speakerNorm.newStats();
        this.rawSpec = speaker == null || mel == null ? null : new float[fc.spec3dLength()];
        this.position = startSample;
        this.nextWindow = ceil(startSample, hop);
        this.coveredUntil = nextWindow;
        this.asrFrontier = startSample;
        this.asrSegmentStart = startSample;
    }

    private static long ceil(long v, long step) {
        return (v + step - 1) / step * step;
    }

    private static long ms(long sample) {
        return sample * 1000 / AudioSource.SAMPLE_RATE;
    }

    // ------------------------------------------------------------------ audio (the source's thread)

    void accept(float[] samples, int offset, int length) {
        if (recognition != null) {
            try {
                recognition.awaitRoom(length); // recorded audio waits for recognition; live audio never does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stream " + id + ": interrupted while waiting for speech recognition");
            }
        }
        synchronized (this) {
            acceptNow(samples, offset, length);
        }
    }

    private void acceptNow(float[] samples, int offset, int length) {
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
        reportLag();
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
        if (recognition != null) {
            boolean voiced = !settings.vad().enabled() || gate.judge(from, position).voiced() > 0;
            Recognition.Gap gap = recognition.offer(x, offset, n, voiced, from);
            if (gap != null) {
                skipped(gap);
            }
        }
        List<Window> built = new ArrayList<>(1);
        while (nextWindow + settings.windowSamples() <= position) {
            built.add(build(nextWindow + settings.windowSamples()));
        }
        if (!built.isEmpty()) {
            publishNew(built);
        } else if (!pending.isEmpty()) {
            // time limits move with the audio
            if (settings.revisions()) {
                settle();
            } else {
                release(false);
            }
        }
    }

    /** Builds the window at {@code nextWindow}; its real audio ends at {@code audioEnd} (less than its end when padded). */
    private Window build(long audioEnd) {
        long start = nextWindow;
        SpeechGate.Verdict verdict = gate.judge(start, audioEnd);
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
        coveredUntil = start + settings.windowSamples();
        nextWindow += settings.hopSamples();
        return new Window(start / settings.hopSamples(), start, audioEnd, verdict.speech(), spec, ac);
    }

    /** Newly built windows: published at once (revisions) or queued until their transcript is settled. */
    private void publishNew(List<Window> windows) {
        if (!settings.revisions()) {
            for (Window w : windows) {
                pending.addLast(new Pending(w));
            }
            release(false);
            return;
        }
        List<Window> speech = new ArrayList<>();
        List<TextTrack.Entry> texts = new ArrayList<>();
        for (Window w : windows) {
            if (w.speech()) {
                speech.add(w);
                texts.add(text(w));
            }
        }
        List<Prediction> predictions = predict(speech, texts);
        int i = 0;
        for (Window w : windows) {
            if (!w.speech()) {
                publish(silence(w));
                continue;
            }
            Pending p = new Pending(w);
            p.before = smoother.copy();
            p.text = texts.get(i);
            p.skipped = overlapsGap(w);
            boolean settled = settled(w);
            p.last = emotion(w, predictions.get(i), p.text, smoother, 0, settled, p.skipped);
            p.publishedNanos = System.nanoTime();
            publish(p.last);
            if (!settled) {
                pending.addLast(p);
            }
            i++;
        }
        settle();
    }

    // ------------------------------------------------------------------ recognition (a worker's thread)

    /**
     * A worker's results. Transcripts and recognition state go in under the lock; the model runs for the windows to
     * revise outside it (the worker runs at a low OS priority and must not hold up the source's thread), and their
     * revisions are published under the lock again. One worker at a time reports for a stream.
     */
    @Override
    public void recognised(List<Recognition.Final> finals, List<Recognition.Partial> partials,
                           Recognition.State state) {
        List<Pending> todo = new ArrayList<>();
        List<Window> windows = new ArrayList<>();
        List<TextTrack.Entry> texts = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                for (Recognition.Final f : finals) {
                    Transcript t = f.transcript();
                    track.add(new TextTrack.Entry(t.text(), t.startMs(), t.endMs(), t.words(), f.embedding(), true));
                    track.closeOpen();   // the final result replaces the partial words it had so far
                    metrics.transcripts.inc();
                    sink.publish(new TranscriptEvent(id, f.seq(), t.startMs(), t.endMs(), t.text(), t.words(), true));
                }
                for (Recognition.Partial p : partials) {
                    Transcript t = p.transcript();
                    long end = Math.max(t.endMs(), p.startMs());
                    if (settings.partials()) {
                        sink.publish(new TranscriptEvent(id, p.seq(), Math.max(0, p.startMs()), end, t.text(),
                                List.of(), false));
                    }
                    if (p.revise()) {
                        track.open(new TextTrack.Entry(t.text(), p.startMs(), end, t.words(), p.embedding(), false));
                    }
                }
                if (!state.utteranceOpen()) {
                    track.closeOpen();   // ended without a final (nothing recognised, or cut at a gap)
                }
                asrFrontier = state.frontier();
                asrOpen = state.utteranceOpen();
                asrOpenStartMs = state.openStartMs();
                asrSegmentStart = state.segmentStart();
                asrFinished = state.finished();
                if (!settings.revisions()) {
                    release(false);
                    return;
                }
                for (Pending p : pending) {
                    TextTrack.Entry t = wanted(p.window);
                    if (sameText(t, p.text)) {
                        // e.g. the final result says what the partial words said: nothing new to publish
                        p.text = usable(t) != null ? t : p.text;
                    } else if (t != null || p.text != null) {
                        p.revising = true;   // not closed while its revision is being computed
                        todo.add(p);
                        windows.add(p.window);
                        texts.add(t);
                    }
                }
                if (todo.isEmpty()) {
                    settle();
                    return;
                }
            } catch (RuntimeException e) {
                // a failing model or sink must not stop recognition; the windows concerned keep their last record
                log.warn("stream {}: publishing after a recognition result failed: {}", id, e.toString());
                return;
            }
        }
        List<Prediction> predictions = null;
        try {
            if (aligned != null) {
                // word-aligned texts not encoded yet: here, on the worker, outside the lock
                texts.replaceAll(t -> usable(aligned.encoded(id, t)));
            }
            predictions = predict(windows, texts);
        } catch (RuntimeException e) {
            log.warn("stream {}: the model failed on a revision: {}", id, e.toString());
        }
        synchronized (this) {
            try {
                long now = System.nanoTime();
                for (int i = 0; i < todo.size(); i++) {
                    Pending p = todo.get(i);
                    p.revising = false;
                    if (closed || predictions == null || p.last.isFinal()) {
                        continue;
                    }
                    p.text = texts.get(i);
                    p.skipped |= overlapsGap(p.window);
                    p.last = emotion(p.window, predictions.get(i), p.text, p.before.copy(), p.last.revision() + 1,
                            settled(p.window), p.skipped);
                    metrics.revisions.inc();
                    if (p.text != null && !p.text.isFinal()) {
                        metrics.partialRevisions.inc();
                    }
                    metrics.revisionSeconds.observe((now - p.publishedNanos) / 1e9);
                    publish(p.last);
                }
                if (!closed) {
                    settle();
                }
            } catch (RuntimeException e) {
                log.warn("stream {}: publishing a revision failed: {}", id, e.toString());
            }
        }
    }

    /** Closes the pending windows that recognition has passed (or that waited too long), oldest first. */
    private void settle() {
        while (!pending.isEmpty()) {
            Pending p = pending.peekFirst();
            if (p.revising || !settled(p.window) && position - p.window.audioEnd() <= settings.revisionMaxSamples()) {
                return;
            }
            pending.pollFirst();
            if (!p.last.isFinal()) {
                p.skipped |= overlapsGap(p.window);
                publish(p.last.next(true, lag(), p.skipped));
            }
        }
        pruneText();
    }

    /**
     * Without revisions: publishes the waiting windows from the oldest, each once, while it no longer waits for its
     * transcript ({@code all}: every one).
     */
    private void release(boolean all) {
        List<Window> ready = new ArrayList<>();
        while (!pending.isEmpty()) {
            Window w = pending.peekFirst().window;
            boolean waited = settings.textWaitSamples() == 0 || position - w.audioEnd() >= settings.textWaitSamples();
            if (!all && !settled(w) && !waited) {
                break;
            }
            pending.pollFirst();
            ready.add(w);
        }
        if (ready.isEmpty()) {
            return;
        }
        List<Window> speech = new ArrayList<>();
        List<TextTrack.Entry> texts = new ArrayList<>();
        for (Window w : ready) {
            if (w.speech()) {
                speech.add(w);
                texts.add(text(w));
            }
        }
        List<Prediction> predictions = predict(speech, texts);
        int i = 0;
        for (Window w : ready) {
            if (w.speech()) {
                publish(emotion(w, predictions.get(i), texts.get(i), smoother, 0, true, overlapsGap(w)));
                i++;
            } else {
                publish(silence(w));
            }
        }
        pruneText();
    }

    /**
     * Whether no transcript still to come can overlap {@code w}: recognition is done with the audio up to its end,
     * apart from a margin, and no open utterance reaches into it. True at once where nothing can revise it.
     */
    private boolean settled(Window w) {
        if (!w.speech() || !textBranch || asrFinished) {
            return true;
        }
        long future = asrOpen ? Math.min(asrOpenStartMs, ms(asrFrontier)) : ms(asrFrontier);
        return ms(w.audioEnd()) <= future - SETTLE_MARGIN_MS;
    }

    /** Whether two text inputs say the same (both none, or the same words): a revision would change nothing. */
    private static boolean sameText(TextTrack.Entry a, TextTrack.Entry b) {
        return a == null ? b == null : b != null && a.text().equals(b.text());
    }

    /**
     * The transcript overlapping {@code w} most (a final one, or the open utterance's partial words), when it has an
     * embedding for the model.
     */
    private TextTrack.Entry text(Window w) {
        return usable(wanted(w));
    }

    /** {@code t} when the model can use it (it has an embedding), else null. */
    private static TextTrack.Entry usable(TextTrack.Entry t) {
        return t != null && t.embedding() != null ? t : null;
    }

    /**
     * The text {@code w} should have: the transcript overlapping it most, or with word-aligned text the words around
     * it (then possibly not encoded yet); null when none.
     */
    private TextTrack.Entry wanted(Window w) {
        if (!textBranch) {
            return null;
        }
        if (aligned != null) {
            return aligned.forWindow(track, ms(w.start()), ms(w.audioEnd()));
        }
        return usable(track.best(ms(w.start()), ms(w.audioEnd())));
    }

    private List<Prediction> predict(List<Window> windows, List<TextTrack.Entry> texts) {
        if (windows.isEmpty()) {
            return List.of();
        }
        List<ModelInput> inputs = new ArrayList<>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            TextTrack.Entry t = texts.get(i);
            inputs.add(new ModelInput(windows.get(i).spec3d(), windows.get(i).acoustic(), t == null ? null : t.embedding()));
        }
        long t0 = System.nanoTime();
        List<Prediction> out = model.predict(inputs);
        metrics.modelSeconds.observe((System.nanoTime() - t0) / 1e9);
        return out;
    }

    private EmotionEvent emotion(Window w, Prediction p, TextTrack.Entry text, Smoother smoothing, int revision,
                                 boolean isFinal, boolean skipped) {
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
                smoothing.speech(probs), text == null ? null : text.text(), text == null ? AUDIO : AUDIO_TEXT, info.name(),
                revision, isFinal, lag(), skipped);
    }

    private EmotionEvent silence(Window w) {
        smoother.silence();
        metrics.silentWindows.inc();
        return new EmotionEvent(id, w.seq(), ms(w.start()), ms(w.audioEnd()), EmotionEvent.SILENCE, 0, Map.of(),
                EmotionEvent.SILENCE, null, List.of(), info.name(), 0, true, lag(), overlapsGap(w));
    }

    private void publish(EmotionEvent e) {
        if (e.revision() == 0) {
            metrics.windows.inc();
        }
        sink.publish(e);
    }

    // ------------------------------------------------------------------ overload

    /**
     * The stream's recognition lag in ms when it is worth reporting on events, else {@code null}: a live stream's
     * recognition that has fallen behind. A recorded stream (read faster than real time) is ahead of its
     * recognition by design; its source waits instead.
     */
    private Long lag() {
        if (recognition == null) {
            return null;
        }
        long lag = recognition.lagSamples();
        return lag >= settings.asr().lagWarnSamples() && recognition.isLive() ? ms(lag) : null;
    }

    /** Logs once when recognition falls behind, once when it has caught up. */
    private void reportLag() {
        if (recognition == null) {
            return;
        }
        long lag = recognition.lagSamples();
        if (!lagWarned && lag >= settings.asr().lagWarnSamples() && recognition.isLive()) {
            lagWarned = true;
            metrics.asrLagWarnings.inc();
            log.warn("stream {}: speech recognition is {} s behind (more streams than the CPU can transcribe?); labels "
                    + "go out from the audio at once and are revised when the transcripts catch up; past asr.queue.seconds "
                    + "({} s) the oldest audio is left untranscribed", id, String.format(java.util.Locale.ROOT, "%.1f",
                    lag / (double) AudioSource.SAMPLE_RATE), settings.asr().queueSamples() / AudioSource.SAMPLE_RATE);
        } else if (lagWarned && lag < settings.asr().lagWarnSamples() / 2) {
            lagWarned = false;
            log.info("stream {}: speech recognition has caught up ({} ms behind)", id, ms(lag));
        }
    }

    /** Recognition dropped {@code gap} to keep up: its windows will get no transcript. */
    private void skipped(Recognition.Gap gap) {
        gaps.addLast(new long[] {gap.from(), gap.to()});
        for (Pending p : pending) {
            p.skipped |= p.window.start() < gap.to() && gap.from() < p.window.audioEnd();
        }
        shedSinceLog += gap.to() - gap.from();
        long now = System.nanoTime();
        if (shedLoggedNanos == 0 || now - shedLoggedNanos > SHED_LOG_NANOS) {
            log.warn("stream {}: speech recognition cannot keep up: {} s of audio up to {} left untranscribed "
                    + "(asr.queue.seconds); those windows are labelled from the audio alone (\"asr_skipped\": true)", id,
                    String.format(java.util.Locale.ROOT, "%.1f", shedSinceLog / (double) AudioSource.SAMPLE_RATE),
                    emostream.publish.ConsoleSink.clock(ms(gap.to())));
            shedLoggedNanos = now;
            shedSinceLog = 0;
        }
    }

    private boolean overlapsGap(Window w) {
        for (long[] g : gaps) {
            if (w.start() < g[1] && g[0] < w.audioEnd()) {
                return true;
            }
        }
        return false;
    }

    /** Forgets transcripts and gaps that no window still to be (re)published can overlap. */
    private void pruneText() {
        long from = pending.isEmpty() ? nextWindow : pending.peekFirst().window.start();
        // word-aligned text also reads the context before a window
        track.pruneBefore(ms(from) - (aligned == null ? 0 : ms(settings.text().contextSamples())));
        while (!gaps.isEmpty() && gaps.peekFirst()[1] <= from) {
            gaps.pollFirst();
        }
    }

    // ------------------------------------------------------------------ end, drop, state

    /**
     * No more audio: the last (zero-padded) window, then the last transcript, then everything still pending is
     * published and closed. Waits for the stream's recognition to finish (outside the lock: it reports here).
     */
    void end() {
        synchronized (this) {
            if (closed) {
                return;
            }
            // audio after the last window, or a stream shorter than a window; a sliver under 10 ms (resampling
            // rounding) is not worth a window of its own
            boolean none = coveredUntil == nextWindow;
            if (position > coveredUntil && (none || position - coveredUntil >= SpeechGate.GRID)) {
                int missing = (int) (nextWindow + settings.windowSamples() - position);
                float[] zeros = new float[missing];
                if (mel != null) {
                    mel.push(zeros, 0, missing);
                }
                if (acoustic != null) {
                    acoustic.push(zeros, 0, missing);
                }
                publishNew(List.of(build(position)));
            }
        }
        if (recognition != null) {
            try {
                recognition.finish().get(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("stream {}: the last transcript did not come: {}", id, e.toString());
            }
        }
        synchronized (this) {
            try {
                asrFinished = true;
                if (settings.revisions()) {
                    settle();
                } else {
                    release(true);
                }
            } finally {
                close();
            }
        }
    }

    /** Closes without publishing anything more (a revoked Kafka partition: another consumer replays the rest). */
    synchronized void drop() {
        close();
    }

    private void close() {
        if (!closed) {
            closed = true;
            pending.clear();
            if (recognition != null) {
                recognition.drop();
            }
        }
    }

    /**
     * The earliest sample that a restart must replay so nothing unpublished is lost: the first window whose last
     * record may still change, or the start of the utterance recognition has not finished.
     */
    synchronized long resumePoint() {
        long windows = pending.isEmpty() ? nextWindow : pending.peekFirst().window.start();
        return recognition == null ? windows : Math.min(windows, asrSegmentStart);
    }

    synchronized long position() {
        return position;
    }

    synchronized int heldWindows() {
        return pending.size();
    }

    /** Samples received and not yet recognised (0 without recognition). */
    long asrLagSamples() {
        return recognition == null ? 0 : recognition.lagSamples();
    }

    /** Waits until recognition has caught up with the audio received so far and published what it caused. */
    boolean awaitRecognition(long millis) throws InterruptedException {
        return recognition == null || recognition.awaitIdle(millis);
    }
}
