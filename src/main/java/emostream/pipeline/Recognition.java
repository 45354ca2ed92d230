package emostream.pipeline;

import emostream.asr.Transcript;
import emostream.asr.TranscriberSession;
import emostream.audio.AudioSource;
import emostream.text.TextEncoder;
import emostream.vad.SpeechGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One stream's speech recognition, off the source's thread. The source {@link #offer offers} each slice of audio
 * (with the voice-activity gate's verdict) and returns at once; a {@link RecognitionPool} worker feeds the queue to
 * the recogniser through {@link AsrFeed}, encodes each final result with the text encoder and reports what it
 * recognised to the stream's {@link Listener}, outside any lock the source takes.
 * <p>
 * The queue is bounded ({@link AsrSettings#queueSamples()}). What happens when it is full depends on the stream:
 * <ul>
 * <li>A <em>live</em> stream (its audio arrives no faster than real time, give or take the queue: a microphone, a
 * browser, a paced replay) cannot wait: the oldest waiting audio is dropped down to half the bound, in one gap.
 * The worker ends the open utterance at the gap (so words on either side are not joined) and tells the recogniser
 * to skip it, so later word times stay on the stream's timeline. The listener hears of every gap at once, from
 * {@link #offer}'s return value.</li>
 * <li>A <em>recorded</em> stream (a file read as fast as possible, a Kafka backlog) is ahead of real time anyway:
 * its source waits in {@link #awaitRoom} until there is room, so its transcript stays complete.</li>
 * </ul>
 */
final class Recognition {

    private static final Logger log = LoggerFactory.getLogger(Recognition.class);

    /** What the worker recognised, reported in order; each call sees everything before it. */
    interface Listener {
        /**
         * @param finals   final results since the last call, each with its transcript seq and embedding
         * @param partials partial results (only when asked for), each with its seq
         * @param state    where recognition stands after them
         */
        void recognised(List<Final> finals, List<Partial> partials, State state);
    }

    /** A final result; {@code embedding} is null without a text encoder or when encoding failed. */
    record Final(Transcript transcript, long seq, float[] embedding) {
    }

    /**
     * A partial result (published when asked for). {@code revise}: windows are to be revised from the words heard so
     * far (new words, and long enough since the last time); {@code embedding} is then its whole text encoded, unless
     * windows take word-aligned text, which is encoded per window.
     */
    record Partial(Transcript transcript, long seq, long startMs, float[] embedding, boolean revise) {
    }

    /**
     * @param frontier      stream sample up to which audio has been recognised or skipped: results for audio
     *                      before it have been reported, except for the open utterance
     * @param utteranceOpen the recogniser has heard words it has not finalised
     * @param openStartMs   where those words start (valid while {@code utteranceOpen})
     * @param segmentStart  where the recogniser's current utterance began: audio before it is done with
     * @param finished      the stream's recognition is over (ended, dropped or failed): nothing more will come
     */
    record State(long frontier, boolean utteranceOpen, long openStartMs, long segmentStart, boolean finished) {
    }

    /** Audio dropped from the queue: stream samples [from, to). */
    record Gap(long from, long to) {
    }

    private sealed interface Entry permits Chunk, Skip, End {
    }

    private record Chunk(float[] samples, boolean voiced, long start) implements Entry {
        long end() {
            return start + samples.length;
        }
    }

    private record Skip(long start, long end) implements Entry {
    }

    private record End() implements Entry {
    }

    private final String stream;
    private final TranscriberSession asr;
    private final AsrFeed feed;
    private final TextEncoder encoder;
    private final boolean partials;
    private final boolean partialRevisions;
    private final long partialInterval;
    private final boolean wordAligned;
    private final RecognitionPool pool;
    private final PipelineMetrics metrics;
    private final int maxQueued;
    private final int turnSamples;
    private final Listener listener;

    // guarded by this
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private long queued;            // samples in queue
    private boolean scheduled;      // a turn is queued or running on a worker
    private boolean closed;         // dropped, finished or failed: the recogniser is (being) closed
    private boolean recognizerClosed;
    private volatile long received; // stream sample after the last one offered
    private long receivedAtNanos;   // when it was offered
    private volatile long frontier;
    private volatile long skippedTo;   // end of the latest gap: recognition resumes there, whatever is still before it
    private final long startSample;
    private final long openedNanos = System.nanoTime();
    /**
     * Set once the stream's audio has come more than a queue's worth ahead of real time: it is recorded (a file, a
     * backlog) for the rest of its life. Without it, a recorded stream that waits for a recogniser running slower than
     * real time (a busy machine) would, after waiting long enough, look live by the clock and have its audio dropped.
     */
    private boolean recorded;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    // worker only (one turn at a time)
    private boolean utteranceOpen;
    private long openStartMs;
    private long segmentStart;
    private int encodedWords;       // words in the open utterance's last encoded partial (0: none encoded)
    private long encodedAt = -1;    // stream sample at which the open utterance was last encoded or first heard

    Recognition(String stream, long startSample, TranscriberSession asr, TextEncoder encoder, PipelineSettings settings,
                RecognitionPool pool, PipelineMetrics metrics, Listener listener) {
        this.stream = stream;
        this.asr = asr;
        this.feed = new AsrFeed(asr, settings.asr());
        this.encoder = encoder;
        this.partials = settings.partials();
        this.partialRevisions = settings.revisions() && settings.text().partialRevisions() && encoder != null;
        this.partialInterval = settings.text().partialIntervalSamples();
        this.wordAligned = settings.text().wordAligned();
        this.pool = pool;
        this.metrics = metrics;
        this.maxQueued = settings.asr().queueSamples();
        this.turnSamples = 2 * settings.hopSamples();
        this.listener = listener;
        this.received = startSample;
        this.startSample = startSample;
        this.frontier = startSample;
        this.segmentStart = startSample;
    }

    private static long ms(long sample) {
        return sample * 1000 / AudioSource.SAMPLE_RATE;
    }

    /**
     * Source thread: queues a copy of {@code n} samples starting at stream sample {@code start}. Never blocks.
     *
     * @return the audio dropped from the queue to make room, or {@code null}
     */
    Gap offer(float[] x, int offset, int n, boolean voiced, long start) {
        float[] copy = new float[n];
        System.arraycopy(x, offset, copy, 0, n);
        Gap gap = null;
        synchronized (this) {
            if (closed) {
                return null;
            }
            queue.addLast(new Chunk(copy, voiced, start));
            queued += n;
            received = start + n;
            receivedAtNanos = System.nanoTime();
            recorded |= received - startSample > (receivedAtNanos - openedNanos) * AudioSource.SAMPLE_RATE / 1_000_000_000L + maxQueued;
            if (queued > maxQueued && live()) {
                gap = shed();
            }
            schedule();
        }
        if (gap != null) {
            skippedTo = gap.to();
            metrics.asrShedSamples.add(gap.to() - gap.from());
        }
        return gap;
    }

    /** Drops the oldest queued audio down to half the bound, keeping the newest chunk; caller holds the lock. */
    private Gap shed() {
        long from = -1;
        long to = -1;
        Skip head = queue.peekFirst() instanceof Skip s ? s : null;
        if (head != null) {
            queue.pollFirst();
            from = head.start();
            to = head.end();
        }
        while (queued > maxQueued / 2 && queue.size() > 1 && queue.peekFirst() instanceof Chunk c) {
            queue.pollFirst();
            queued -= c.samples().length;
            from = from < 0 ? c.start() : from;
            to = c.end();
        }
        if (from < 0) {
            return null;
        }
        queue.addFirst(new Skip(from, to));
        long newFrom = head == null ? from : head.end();
        return to > newFrom ? new Gap(newFrom, to) : null;
    }

    /**
     * Whether the stream's audio comes no faster than real time (with the queue's worth of slack for bursts): then it
     * is live and cannot wait for recognition. Caller holds the lock.
     */
    private boolean live() {
        long wall = (System.nanoTime() - openedNanos) * AudioSource.SAMPLE_RATE / 1_000_000_000L;
        return !recorded && received - startSample <= wall + maxQueued;
    }

    /**
     * Whether the stream's recognition lag means overload: its audio has come no faster than real time, give or take
     * a second. Stricter than {@link #live()}, whose queue's worth of slack would count the first seconds of a short
     * file read at full speed as live; a recorded stream is behind by design, not overloaded.
     */
    synchronized boolean isLive() {
        // judged when the audio arrived: a short file read at once stays "recorded" while its recognition runs on
        long wall = (receivedAtNanos - openedNanos) * AudioSource.SAMPLE_RATE / 1_000_000_000L;
        return !recorded && received - startSample <= wall + AudioSource.SAMPLE_RATE;
    }

    /**
     * Source thread, before offering {@code n} samples and outside any lock the worker needs: a recorded stream
     * (ahead of real time) waits here while its queue has no room; a live one never waits.
     */
    void awaitRoom(int n) throws InterruptedException {
        synchronized (this) {
            while (!closed && queued > 0 && queued + n > maxQueued && !live()) {
                wait(100);
            }
        }
    }

    /** Source thread: no more audio; the returned future completes once everything has been recognised and reported. */
    CompletableFuture<Void> finish() {
        synchronized (this) {
            if (!closed) {
                queue.addLast(new End());
                schedule();
            }
        }
        return done;
    }

    /** Stops at once: queued audio is discarded, nothing more is reported, the recogniser is closed. */
    void drop() {
        synchronized (this) {
            closed = true;
            queue.clear();
            queued = 0;
            if (scheduled) {
                return;   // the running turn closes the recogniser when it sees `closed`
            }
            closeRecognizer();
        }
        done.complete(null);
    }

    /** Samples received and not yet recognised or skipped: how far recognition is behind this stream. */
    long lagSamples() {
        return Math.max(0, received - Math.max(frontier, skippedTo));
    }

    /** Whether everything offered so far has been recognised and reported. */
    synchronized boolean idle() {
        return !scheduled && queue.isEmpty();
    }

    /** Blocks until {@link #idle()} (or the timeout); true when idle. */
    synchronized boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (scheduled || !queue.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Caller holds the lock. */
    private void schedule() {
        if (scheduled || queue.isEmpty()) {
            return;
        }
        scheduled = true;
        try {
            pool.execute(this::turn, queued);
        } catch (RejectedExecutionException shutDown) {
            scheduled = false;
            log.warn("stream {}: speech recognition has shut down; its windows go on with audio only", stream);
            closed = true;
            queue.clear();
            closeRecognizer();
            done.complete(null);
        }
    }

    private void closeRecognizer() {
        if (!recognizerClosed) {
            recognizerClosed = true;
            try {
                asr.close();
            } catch (RuntimeException e) {
                log.debug("stream {}: closing the recogniser: {}", stream, e.toString());
            }
        }
    }

    /** Worker: recognises about {@link #turnSamples} of queued audio, then goes to the back of the pool's line. */
    private void turn() {
        try {
            turnUnguarded();
        } catch (Throwable t) {
            // never leave the stream waiting for a worker that is gone: recognition ends, the windows go on
            log.error("stream {}: speech recognition stopped: {}", stream, t.toString());
            synchronized (this) {
                closed = true;
                scheduled = false;
                queue.clear();
                queued = 0;
                closeRecognizer();
                notifyAll();
            }
            done.complete(null);
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    private void turnUnguarded() {
        long worked = 0;
        while (true) {
            Entry e;
            synchronized (this) {
                e = closed ? null : queue.pollFirst();
                if (e == null || worked >= turnSamples) {
                    if (e != null) {
                        queue.addFirst(e);
                    }
                    scheduled = false;
                    if (closed) {
                        closeRecognizer();
                        done.complete(null);
                    } else {
                        schedule();
                    }
                    notifyAll();
                    return;
                }
                if (e instanceof Chunk c) {
                    queued -= c.samples().length;
                    notifyAll(); // room for a waiting recorded stream
                }
            }
            try {
                worked += work(e);
            } catch (RuntimeException ex) {
                fail(ex);
            }
        }
    }

    /** Worker: one queue entry through the recogniser; returns the samples it covered. */
    private long work(Entry e) {
        List<Transcript> results;
        long end;
        long n;
        boolean last = false;
        long silenceBefore = feed.skippedSamples();
        if (e instanceof Chunk c) {
            results = feed.accept(c.samples(), 0, c.samples().length, c.voiced(), utteranceOpen);
            end = c.end();
            n = c.samples().length;
        } else if (e instanceof Skip s) {
            results = feed.shed(Math.toIntExact(s.end() - s.start()));
            end = s.end();
            n = 0;
            utteranceOpen = false;
        } else {
            results = feed.finish();
            end = received;
            n = 0;
            last = true;
        }
        metrics.asrSkippedSamples.add(feed.skippedSamples() - silenceBefore);
        List<Final> finals = new ArrayList<>();
        List<Partial> parts = new ArrayList<>();
        for (Transcript t : results) {
            long seq = segmentStart / SpeechGate.GRID; // stable across a replay from the resume point
            if (t.isFinal()) {
                segmentStart = end; // the next utterance starts after the audio consumed so far
                utteranceOpen = false;
                encodedWords = 0;
                encodedAt = -1;
                if (!t.isEmpty()) {
                    finals.add(new Final(t, seq, encode(t.text())));
                }
            } else if (t.isEmpty()) {
                utteranceOpen = false;
                encodedWords = 0;
                encodedAt = -1;
            } else {
                utteranceOpen = true;
                openStartMs = t.startMs() >= 0 ? t.startMs() : ms(segmentStart);
                boolean revise = worthRevising(t, end);
                float[] embedding = null;
                if (revise && !wordAligned) {
                    metrics.partialEncodings.inc();
                    embedding = encode(t.text());
                }
                if (partials || revise) {
                    parts.add(new Partial(t, seq, openStartMs, embedding, revise));
                }
            }
        }
        if (e instanceof Skip) {
            segmentStart = end;
        }
        frontier = end - feed.held();
        listener.recognised(finals, parts, new State(last ? Long.MAX_VALUE : frontier, utteranceOpen, openStartMs,
                segmentStart, last));
        if (last) {
            synchronized (this) {
                closed = true;
            }
        }
        return n;
    }

    /**
     * Whether windows are to be revised from the open utterance's words now: it has grown by a word since the last
     * time and {@link #partialInterval} of audio has passed since then (or since its first words: one or two words
     * alone say little). Bounds the text encodings of a long utterance to about one per interval.
     */
    private boolean worthRevising(Transcript t, long end) {
        if (!partialRevisions) {
            return false;
        }
        if (encodedAt < 0) {
            encodedAt = end;
            return false;
        }
        int words = t.text().trim().split("\\s+").length;
        if (words <= encodedWords || end - encodedAt < partialInterval) {
            return false;
        }
        encodedWords = words;
        encodedAt = end;
        return true;
    }

    /** The final result's embedding, computed once; {@code null} when there is no text branch. */
    private float[] encode(String text) {
        if (encoder == null) {
            return null;
        }
        long t0 = System.nanoTime();
        try {
            return encoder.encode(text);
        } catch (RuntimeException e) {
            log.warn("stream {}: text encoder failed on \"{}\" ({}); its windows use audio only", stream, text, e.toString());
            return null;
        } finally {
            metrics.encodeSeconds.observe((System.nanoTime() - t0) / 1e9);
        }
    }

    /** The recogniser failed: the stream goes on with audio only. */
    private void fail(RuntimeException ex) {
        log.warn("stream {}: speech recognition failed ({}); its windows go on with audio only", stream, ex.toString());
        synchronized (this) {
            closed = true;
            queue.clear();
            queued = 0;
        }
        frontier = received;
        listener.recognised(List.of(), List.of(), new State(Long.MAX_VALUE, false, 0, received, true));
    }
}
