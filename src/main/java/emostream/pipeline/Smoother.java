package emostream.pipeline;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Turns each stream's window-by-window labels into a steadier {@code smoothed_label}. One per stream.
 * Silent windows do not vote; after {@code resetAfter} silent windows in a row the history is forgotten,
 * so a new utterance starts fresh instead of inheriting the last one's mood.
 */
abstract class Smoother {

    /** {@code none}, {@code exponential} or {@code majority}. */
    static Smoother create(SmoothingSettings s, List<String> labels) {
        return switch (s.method()) {
            case "none" -> new None(labels);
            case "exponential" -> new Exponential(labels, s.alpha(), s.windows());
            case "majority" -> new Majority(labels, s.windows());
            default -> throw new IllegalArgumentException("unknown smoothing method " + s.method());
        };
    }

    final List<String> labels;
    final int resetAfter;
    private int silentRun;

    Smoother(List<String> labels, int resetAfter) {
        this.labels = labels;
        this.resetAfter = resetAfter;
    }

    /** A speech window's probabilities (model label order); returns the smoothed label. */
    final String speech(float[] probabilities) {
        silentRun = 0;
        return labels.get(update(probabilities));
    }

    /** A silent window; its smoothed label is silence. */
    final void silence() {
        if (++silentRun >= resetAfter) {
            reset();
        }
    }

    abstract int update(float[] probabilities);

    abstract void reset();

    /**
     * An independent copy of the state: a window's revision is smoothed from the state before that window, as its
     * first record was, without disturbing the stream's own smoother.
     */
    final Smoother copy() {
        Smoother c = duplicate();
        c.silentRun = silentRun;
        return c;
    }

    abstract Smoother duplicate();

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static final class None extends Smoother {
        None(List<String> labels) {
            super(labels, 1);
        }

        @Override
        int update(float[] p) {
            return argmax(p);
        }

        @Override
        void reset() {
        }

        @Override
        Smoother duplicate() {
            return new None(labels);
        }
    }

    /** Exponentially weighted moving average of the probabilities: {@code s = alpha * p + (1 - alpha) * s}. */
    private static final class Exponential extends Smoother {
        private final double alpha;
        private float[] state;

        Exponential(List<String> labels, double alpha, int resetAfter) {
            super(labels, resetAfter);
            this.alpha = alpha;
        }

        @Override
        int update(float[] p) {
            if (state == null) {
                state = Arrays.copyOf(p, p.length);
            } else {
                for (int i = 0; i < p.length; i++) {
                    state[i] = (float) (alpha * p[i] + (1 - alpha) * state[i]);
                }
            }
            return argmax(state);
        }

        @Override
        void reset() {
            state = null;
        }

        @Override
        Smoother duplicate() {
            Exponential c = new Exponential(labels, alpha, resetAfter);
            c.state = state == null ? null : state.clone();
            return c;
        }
    }

    /** The most frequent label of the last N speech windows; a tie goes to the most recent of the tied labels. */
    private static final class Majority extends Smoother {
        private final int n;
        private final Deque<Integer> recent = new ArrayDeque<>();

        Majority(List<String> labels, int n) {
            super(labels, n);
            this.n = n;
        }

        @Override
        int update(float[] p) {
            recent.addLast(argmax(p));
            if (recent.size() > n) {
                recent.removeFirst();
            }
            int[] votes = new int[labels.size()];
            int best = -1;
            // walk newest first so that among equal counts the most recent label wins
            for (var it = recent.descendingIterator(); it.hasNext(); ) {
                votes[it.next()]++;
            }
            for (var it = recent.descendingIterator(); it.hasNext(); ) {
                int l = it.next();
                if (best < 0 || votes[l] > votes[best]) {
                    best = l;
                }
            }
            return best;
        }

        @Override
        void reset() {
            recent.clear();
        }

        @Override
        Smoother duplicate() {
            Majority c = new Majority(labels, n);
            c.recent.addAll(recent);
            return c;
        }
    }
}
