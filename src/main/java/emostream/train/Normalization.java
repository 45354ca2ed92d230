package emostream.train;

/**
 * Input standardisation that ships inside the model: per (channel, mel band) mean and std of spec3d over the
 * training set, and per-dimension mean and std of the acoustic vector. Serving feeds raw (speaker-normalised)
 * features.
 *
 * @param specMean [3 * melBands], channel-major
 * @param specStd  [3 * melBands]
 * @param acMean   [acousticDim]
 * @param acStd    [acousticDim]
 */
public record Normalization(float[] specMean, float[] specStd, float[] acMean, float[] acStd) {

    public Normalization {
        specMean = specMean.clone();
        specStd = specStd.clone();
        acMean = acMean.clone();
        acStd = acStd.clone();
    }

    /** Per-dimension mean and std (floored) of a set of vectors, missing values (NaN) left out: [mean, std]. */
    public static float[][] vectorStats(Iterable<float[]> rows, int dim) {
        double[] s = new double[dim];
        double[] q = new double[dim];
        long[] n = new long[dim];
        for (float[] r : rows) {
            for (int i = 0; i < dim; i++) {
                if (!Float.isNaN(r[i])) {
                    s[i] += r[i];
                    q[i] += (double) r[i] * r[i];
                    n[i]++;
                }
            }
        }
        float[] m = new float[dim];
        float[] sd = new float[dim];
        for (int i = 0; i < dim; i++) {
            m[i] = mean(new double[] {s[i]}, n[i])[0];
            sd[i] = std(new double[] {s[i]}, new double[] {q[i]}, n[i])[0];
        }
        return new float[][] {m, sd};
    }

    /** No-op statistics (tests, or before statistics are known). */
    public static Normalization identity(int melBands, int acousticDim) {
        float[] ones = new float[3 * melBands];
        java.util.Arrays.fill(ones, 1f);
        float[] acOnes = new float[acousticDim];
        java.util.Arrays.fill(acOnes, 1f);
        return new Normalization(new float[3 * melBands], ones, new float[acousticDim], acOnes);
    }

    /**
     * Statistics from clips in [3][melBands][frames] layout plus their acoustic vectors. Stds are floored so a
     * constant band (e.g. padded silence) cannot blow up.
     */
    public static Normalization fit(Iterable<float[]> spec3d, Iterable<float[]> acoustic, int melBands, int acousticDim) {
        int rows = 3 * melBands;
        double[] sum = new double[rows];
        double[] sq = new double[rows];
        long frames = 0;
        for (float[] s : spec3d) {
            int f = s.length / rows;
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < f; t++) {
                    double v = s[r * f + t];
                    sum[r] += v;
                    sq[r] += v * v;
                }
            }
            frames += f;
        }
        float[][] ac = vectorStats(acoustic, acousticDim);
        return new Normalization(mean(sum, frames), std(sum, sq, frames), ac[0], ac[1]);
    }

    private static float[] mean(double[] sum, long n) {
        float[] m = new float[sum.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = n == 0 ? 0f : (float) (sum[i] / n);
        }
        return m;
    }

    private static float[] std(double[] sum, double[] sq, long n) {
        float[] s = new float[sum.length];
        for (int i = 0; i < s.length; i++) {
            double var = n == 0 ? 1 : sq[i] / n - (sum[i] / n) * (sum[i] / n);
            s[i] = (float) Math.max(Math.sqrt(Math.max(var, 0)), 1e-3);
        }
        return s;
    }
}
