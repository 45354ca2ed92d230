package emostream.server;

import java.util.function.LongSupplier;

/** Events per second over the last {@value #SECONDS} whole seconds (a ring of one-second buckets). */
final class RateMeter {

    static final int SECONDS = 10;

    private final LongSupplier millis;
    private final long[] second = new long[SECONDS];
    private final long[] count = new long[SECONDS];

    RateMeter(LongSupplier millis) {
        this.millis = millis;
        java.util.Arrays.fill(second, -1);
    }

    synchronized void mark() {
        long s = millis.getAsLong() / 1000;
        int i = (int) (s % SECONDS);
        if (second[i] != s) {
            second[i] = s;
            count[i] = 0;
        }
        count[i]++;
    }

    synchronized double perSecond() {
        long now = millis.getAsLong() / 1000;
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (second[i] >= now - SECONDS && second[i] < now) {
                sum += count[i];
            }
        }
        return sum / (double) SECONDS;
    }
}
