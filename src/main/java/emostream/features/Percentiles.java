package emostream.features;

import java.util.Arrays;

/**
 * A percentile of a contour ({@code p20}: linear interpolation between order statistics), or the range between
 * two ({@code p20_80}): robust to the octave jumps and outliers a frame-level tracker produces.
 */
record Percentiles(double lo, double hi) implements Functional {

    static Percentiles of(double p) {
        return new Percentiles(p, Double.NaN);
    }

    static Percentiles range(double lo, double hi) {
        return new Percentiles(lo, hi);
    }

    @Override
    public String label() {
        return Double.isNaN(hi) ? "p" + (int) lo : "p" + (int) lo + "_" + (int) hi;
    }

    @Override
    public double apply(double[] v, int[] frames, int n, double[] scratch) {
        if (n < 2) {
            return Double.NaN;
        }
        System.arraycopy(v, 0, scratch, 0, n);
        Arrays.sort(scratch, 0, n);
        double a = at(scratch, n, lo);
        return Double.isNaN(hi) ? a : at(scratch, n, hi) - a;
    }

    static double at(double[] sorted, int n, double p) {
        double pos = p / 100 * (n - 1);
        int i = (int) Math.floor(pos);
        double f = pos - i;
        return i + 1 < n ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[n - 1];
    }
}
