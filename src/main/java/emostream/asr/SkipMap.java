package emostream.asr;

import java.util.ArrayDeque;

/**
 * Maps a recogniser's timeline (samples it was fed) back to the stream's (samples it received) when stretches
 * of silence are left out: each gap is remembered at the fed position where it happened.
 */
final class SkipMap {

    /** Gaps as {fed position, total skipped up to and including this gap}, oldest first. */
    private final ArrayDeque<long[]> gaps = new ArrayDeque<>();
    private long fed;
    private long skippedTotal;

    void fed(int samples) {
        fed += samples;
    }

    void skipped(int samples) {
        skippedTotal += samples;
        long[] last = gaps.peekLast();
        if (last != null && last[0] == fed) {
            last[1] = skippedTotal;   // consecutive skips with nothing fed between them are one gap
        } else {
            gaps.addLast(new long[] {fed, skippedTotal});
        }
    }

    long fedSamples() {
        return fed;
    }

    /** Samples skipped before fed position {@code fedPosition} (a word starting right at a gap's end lies after it). */
    long skippedBefore(long fedPosition) {
        long total = 0;
        for (long[] g : gaps) {
            if (g[0] > fedPosition) {
                break;
            }
            total = g[1];
        }
        return total;
    }

    /** Results before {@code fedPosition} are done: keep only the gap that still offsets what comes after it. */
    void forgetBefore(long fedPosition) {
        while (gaps.size() > 1) {
            long[] first = gaps.pollFirst();
            if (gaps.peekFirst()[0] > fedPosition) {
                gaps.addFirst(first);
                break;
            }
        }
    }
}
