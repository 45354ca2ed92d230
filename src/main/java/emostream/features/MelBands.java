package emostream.features;

/**
 * Triangular mel filters over {@link FrameAnalysis#power()} bins (the auditory bands for loudness and MFCCs).
 * Immutable, so one instance may be shared.
 */
final class MelBands {

    private final int count;
    private final int[] lo;
    private final double[][] weights;

    MelBands(int count, double minHz, double maxHz) {
        this.count = count;
        this.lo = new int[count];
        this.weights = new double[count][];
        double mLo = LogMel.hzToMel(minHz);
        double mHi = LogMel.hzToMel(maxHz);
        double[] edges = new double[count + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = LogMel.melToHz(mLo + (mHi - mLo) * i / (count + 1));
        }
        int bins = FrameAnalysis.FFT / 2 + 1;
        for (int b = 0; b < count; b++) {
            double left = edges[b];
            double centre = edges[b + 1];
            double right = edges[b + 2];
            int first = -1;
            int last = -1;
            for (int k = 0; k < bins; k++) {
                double hz = FrameAnalysis.binHz(k);
                if (hz > left && hz < right) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) { // a band narrower than a bin: the nearest bin alone
                first = last = (int) Math.round(centre / FrameAnalysis.binHz(1));
            }
            lo[b] = first;
            weights[b] = new double[last - first + 1];
            for (int k = first; k <= last; k++) {
                double hz = FrameAnalysis.binHz(k);
                double w = hz <= centre ? (hz - left) / (centre - left) : (right - hz) / (right - centre);
                weights[b][k - first] = Math.max(w, first == last ? 1 : 0);
            }
        }
    }

    int count() {
        return count;
    }

    /** Band powers of a power spectrum into {@code out[count]}. */
    void apply(double[] power, double[] out) {
        for (int b = 0; b < count; b++) {
            double s = 0;
            double[] w = weights[b];
            for (int k = 0; k < w.length; k++) {
                s += w[k] * power[lo[b] + k];
            }
            out[b] = s;
        }
    }
}
