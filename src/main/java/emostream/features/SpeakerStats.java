package emostream.features;

/**
 * One speaker's running feature statistics and the normalisation they imply (see {@link SpeakerNorm}). Add each
 * speech window with {@link #add}; {@link #normalise} then maps a window so that, per (channel, band) of spec3d and
 * per acoustic dimension, the speaker's mean and spread land on the global ones:
 * {@code x' = μg + σg · (x − μ) / σ}, where μ and σ pool the speaker's frames with {@code priorWindows} windows' worth
 * of global statistics. The model then standardises with the global statistics as before, so an empty estimate is
 * exactly global normalisation and a well-filled one is per-speaker z-scoring. A missing acoustic value (NaN: no
 * voiced frame in the window, say) is left out of the statistics and normalised to the global mean, the value the
 * model reads as "nothing known". Not thread-safe: one per stream.
 */
public final class SpeakerStats {

    private final SpeakerNorm prior;
    private final int rows;
    private final int acDim;
    private final double[] sum;
    private final double[] sumSq;
    private final double[] acSum;
    private final double[] acSumSq;
    private final double[] acCount;   // windows per acoustic dimension that had a value
    private double windows;
    private double frames;
    // the pooled statistics, recomputed lazily after an add
    private final float[] mean;
    private final float[] scale;
    private final float[] acMeanNow;
    private final float[] acScale;
    private boolean stale = true;

    SpeakerStats(SpeakerNorm prior) {
        this.prior = prior;
        this.rows = prior.rows();
        this.acDim = prior.acousticDim();
        this.sum = new double[rows];
        this.sumSq = new double[rows];
        this.acSum = new double[acDim];
        this.acSumSq = new double[acDim];
        this.acCount = new double[acDim];
        this.mean = new float[rows];
        this.scale = new float[rows];
        this.acMeanNow = new float[acDim];
        this.acScale = new float[acDim];
    }

    /** Windows seen (with forgetting, the effective count). */
    public double windows() {
        return windows;
    }

    /** The weight of the speaker's own statistics now: n / (n + prior). */
    public double ownWeight() {
        return windows + prior.priorWindows() == 0 ? 0 : windows / (windows + prior.priorWindows());
    }

    /** Adds one window: spec3d flattened [3][mel][frames] (raw) and its raw acoustic vector (may be empty). */
    public void add(float[] spec3d, float[] acoustic) {
        if (spec3d.length % rows != 0) {
            throw new IllegalArgumentException("spec3d of " + spec3d.length + " values does not split into " + rows + " rows");
        }
        if (prior.horizon() > 0 && windows > 0) {
            double keep = 1 - 1.0 / prior.horizon();
            scaleAll(keep);
        }
        int f = spec3d.length / rows;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            double q = 0;
            for (int t = r * f, end = t + f; t < end; t++) {
                double v = spec3d[t];
                s += v;
                q += v * v;
            }
            sum[r] += s;
            sumSq[r] += q;
        }
        for (int i = 0; i < acDim; i++) {
            float v = acoustic[i];
            if (!Float.isNaN(v)) {
                acSum[i] += v;
                acSumSq[i] += (double) v * v;
                acCount[i]++;
            }
        }
        frames += f;
        windows++;
        stale = true;
    }

    private void scaleAll(double k) {
        for (int r = 0; r < rows; r++) {
            sum[r] *= k;
            sumSq[r] *= k;
        }
        for (int i = 0; i < acDim; i++) {
            acSum[i] *= k;
            acSumSq[i] *= k;
            acCount[i] *= k;
        }
        frames *= k;
        windows *= k;
    }

    /** A new spec3d mapped onto the global scale with this speaker's statistics. */
    public float[] normaliseSpec(float[] spec3d) {
        refresh();
        float[] out = new float[spec3d.length];
        int f = spec3d.length / rows;
        float[] gm = prior.specMean();
        for (int r = 0; r < rows; r++) {
            float m = mean[r];
            float k = scale[r];
            float g = gm[r];
            for (int t = r * f, end = t + f; t < end; t++) {
                out[t] = g + (spec3d[t] - m) * k;
            }
        }
        return out;
    }

    /** A new acoustic vector mapped onto the global scale with this speaker's statistics. */
    public float[] normaliseAcoustic(float[] acoustic) {
        refresh();
        float[] out = new float[acoustic.length];
        float[] gm = prior.acMean();
        for (int i = 0; i < acDim; i++) {
            float v = acoustic[i];
            out[i] = Float.isNaN(v) ? gm[i] : gm[i] + (v - acMeanNow[i]) * acScale[i];
        }
        return out;
    }

    private void refresh() {
        if (!stale) {
            return;
        }
        double n0 = prior.priorWindows();
        // frames per window of the prior: the observed average, so the prior's weight is counted in windows
        double framesPerWindow = windows > 0 ? frames / windows : 1;
        pool(sum, sumSq, null, frames, n0 * framesPerWindow, prior.specMean(), prior.specStd(), mean, scale);
        pool(acSum, acSumSq, acCount, windows, n0, prior.acMean(), prior.acStd(), acMeanNow, acScale);
        stale = false;
    }

    /**
     * Pooled mean and the scale σg/σ from the speaker's sums and a prior of weight {@code w0} at (μg, σg); the count
     * is {@code counts[i]} per dimension when given, else {@code n} for all.
     */
    private static void pool(double[] s, double[] q, double[] counts, double n, double w0, float[] gMean, float[] gStd,
                             float[] mean, float[] scale) {
        for (int i = 0; i < s.length; i++) {
            double g = gMean[i];
            double gs = gStd[i];
            double total = (counts == null ? n : counts[i]) + w0;
            if (total <= 0) {
                mean[i] = (float) g;
                scale[i] = 1f;
                continue;
            }
            double m = (s[i] + w0 * g) / total;
            double second = (q[i] + w0 * (gs * gs + g * g)) / total;
            double sd = Math.sqrt(Math.max(second - m * m, 0));
            // a floor relative to the global spread: a constant band (padding, a dead channel) must not explode
            sd = Math.max(sd, Math.max(0.05 * gs, 1e-4));
            mean[i] = (float) m;
            scale[i] = (float) (gs / sd);
        }
    }
}
