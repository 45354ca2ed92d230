package emostream.bench;

import java.util.Arrays;

/**
 * Latency samples of one kind of event, recorded from many stream threads. Stored raw (a few thousand per run)
 * so the percentiles are exact, not bucketed.
 */
final class Latencies {

    private long[] nanos = new long[1024];
    private int count;

    synchronized void add(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    synchronized int count() {
        return count;
    }

    /** Percentiles in milliseconds (nearest rank); {@code null} when nothing was recorded. */
    synchronized Summary summary() {
        if (count == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Summary(count, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.95)), ms(rank(sorted, 0.99)),
                ms(sorted[count - 1]));
    }

    private static long rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    /** Milliseconds from the moment the audio that completes an event was available to its publication. */
    record Summary(int count, double p50, double p95, double p99, double max) {
    }
}
