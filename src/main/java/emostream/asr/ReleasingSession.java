package emostream.asr;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream's recognition that gives its recogniser back while the stream is silent. A Vosk recogniser holds tens of
 * MB of decoder state (the issue measured 70-100 MB per live stream), yet a stream that only hears silence has its
 * audio {@link #skip skipped}, not decoded. Once {@code idleSamples} have been skipped in a row with no utterance
 * open, the recogniser is closed; the next audio to decode (the caller feeds the silence it held back as pre-roll
 * first) opens a fresh one at that sample of the stream's timeline, so word times stay right and the first word of
 * the next utterance is heard from its start.
 * <p>
 * Nothing is lost by closing: recognition is idle only after the recogniser's last result was final or empty, so
 * it holds no words. Not thread-safe, like every {@link TranscriberSession}.
 */
public final class ReleasingSession implements TranscriberSession {

    private final Transcriber transcriber;
    private final String stream;
    private final long idleSamples;
    private final Counts counts;
    private TranscriberSession session;   // null while given back
    private long position;                // stream sample of the next sample fed or skipped
    private long idle;                    // samples skipped in a row
    private boolean open;                 // the last result was partial words of an unfinished utterance
    private boolean closed;

    /** How many recognisers were given back and taken again (for the metrics). */
    public record Counts(AtomicLong released, AtomicLong reopened) {
        public Counts() {
            this(new AtomicLong(), new AtomicLong());
        }
    }

    /**
     * @param idleSamples skipped samples in a row after which the recogniser is given back (> 0)
     */
    public ReleasingSession(Transcriber transcriber, String stream, long startSample, long idleSamples, Counts counts) {
        if (idleSamples <= 0) {
            throw new IllegalArgumentException("idle stretch must be positive");
        }
        this.transcriber = transcriber;
        this.stream = stream;
        this.idleSamples = idleSamples;
        this.counts = counts;
        this.position = startSample;
        this.session = transcriber.open(stream, startSample);
    }

    /** Whether a recogniser is held now. */
    public boolean holding() {
        return session != null;
    }

    @Override
    public List<Transcript> accept(float[] samples, int offset, int length) {
        if (closed || length <= 0) {
            return List.of();
        }
        if (session == null) {
            session = transcriber.open(stream, position);
            counts.reopened().incrementAndGet();
        }
        position += length;
        idle = 0;
        List<Transcript> out = session.accept(samples, offset, length);
        for (Transcript t : out) {
            open = !t.isFinal() && !t.isEmpty();
        }
        return out;
    }

    @Override
    public void skip(int length) {
        if (closed || length <= 0) {
            return;
        }
        position += length;
        if (session == null) {
            return;
        }
        session.skip(length);
        idle += length;
        if (!open && idle >= idleSamples) {
            session.close();
            session = null;
            counts.released().incrementAndGet();
        }
    }

    @Override
    public List<Transcript> flush() {
        open = false;
        return session == null ? List.of() : session.flush();
    }

    @Override
    public List<Transcript> finish() {
        open = false;
        return session == null ? List.of() : session.finish();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (session != null) {
                session.close();
                session = null;
            }
        }
    }
}
