package emostream.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A stream's recent final transcripts with their embeddings (each final encoded once), looked up by the windows
 * they overlap. Old ones are pruned as windows move past them.
 */
final class TextTrack {

    /** A final result's text, span and embedding ({@code null} when there is no text encoder). */
    record Entry(String text, long startMs, long endMs, float[] embedding) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    void add(Entry e) {
        entries.addLast(e);
    }

    /** The transcript with the largest overlap with [startMs, endMs), or {@code null} when none overlaps. */
    Entry best(long startMs, long endMs) {
        Entry best = null;
        long bestOverlap = 0;
        for (Entry e : entries) {
            // a one-word result may have start == end; count it as touching the window it lies in
            long overlap = Math.min(endMs, Math.max(e.endMs(), e.startMs() + 1)) - Math.max(startMs, e.startMs());
            if (overlap > bestOverlap) {
                best = e;
                bestOverlap = overlap;
            }
        }
        return best;
    }

    /** Forgets transcripts that end before {@code ms}: no future window can overlap them. */
    void pruneBefore(long ms) {
        while (!entries.isEmpty() && entries.peekFirst().endMs() < ms) {
            entries.removeFirst();
        }
    }

    int size() {
        return entries.size();
    }
}
