package emostream.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import emostream.asr.Word;

/**
 * A stream's recent final transcripts with their embeddings (each final encoded once), and the open utterance's
 * partial words when they were encoded, looked up by the windows they overlap. Old ones are pruned as windows move
 * past them; the open entry is replaced by each newer encoding and dropped when its utterance ends.
 */
final class TextTrack {

    /**
     * A result's text, span, words (with times; may be empty) and embedding ({@code null} when there is no text
     * encoder, or not encoded yet); {@code isFinal} false when it holds the open utterance's partial words.
     */
    record Entry(String text, long startMs, long endMs, List<Word> words, float[] embedding, boolean isFinal) {

        Entry {
            words = List.copyOf(words);
        }

        Entry withEmbedding(float[] e) {
            return new Entry(text, startMs, endMs, words, e, isFinal);
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private Entry open;

    void add(Entry e) {
        entries.addLast(e);
    }

    /** The open utterance's words so far (replaces the previous ones). */
    void open(Entry e) {
        open = e;
    }

    /** The open utterance ended: its partial words no longer count. */
    void closeOpen() {
        open = null;
    }

    /** The transcript with the largest overlap with [startMs, endMs), or {@code null} when none overlaps. */
    Entry best(long startMs, long endMs) {
        Entry best = null;
        long bestOverlap = 0;
        List<Entry> all = new ArrayList<>(entries.size() + 1);
        all.addAll(entries);
        if (open != null) {
            all.add(open);
        }
        for (Entry e : all) {
            // a one-word result may have start == end; count it as touching the window it lies in
            long overlap = Math.min(endMs, Math.max(e.endMs(), e.startMs() + 1)) - Math.max(startMs, e.startMs());
            if (overlap > bestOverlap) {
                best = e;
                bestOverlap = overlap;
            }
        }
        return best;
    }

    /**
     * The words (of the final results and the open utterance) that overlap [fromMs, toMs), in time order, as one
     * entry without an embedding; {@code null} when there are none. Final only when no word is a partial one.
     */
    Entry words(long fromMs, long toMs) {
        List<Word> out = new ArrayList<>();
        boolean allFinal = true;
        List<Entry> all = new ArrayList<>(entries);
        if (open != null) {
            all.add(open);
        }
        for (Entry e : all) {
            for (Word w : e.words()) {
                // a word has start <= end; count a zero-length one as touching the span it lies in
                if (w.startMs() < toMs && Math.max(w.endMs(), w.startMs() + 1) > fromMs) {
                    out.add(w);
                    allFinal &= e.isFinal();
                }
            }
        }
        if (out.isEmpty()) {
            return null;
        }
        out.sort(java.util.Comparator.comparingLong(Word::startMs));
        String text = String.join(" ", out.stream().map(Word::word).toList());
        return new Entry(text, out.get(0).startMs(), out.get(out.size() - 1).endMs(), out, null, allFinal);
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
