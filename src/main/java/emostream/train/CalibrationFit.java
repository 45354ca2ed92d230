package emostream.train;

/**
 * Fits the calibration on held-out data by minimising the weighted negative log-likelihood of the full softmax
 * (the user's view: every label the model has): for the audio head the scales of the two branches' logits and a
 * per-class bias (temperature scaling generalised to a weighted sum of experts), for the text head one scale.
 * Plain full-batch Adam on a handful of parameters; deterministic.
 */
final class CalibrationFit {

    static final int ITERATIONS = 600;
    static final double RATE = 0.02;
    static final double BIAS_L2 = 1e-2;

    private CalibrationFit() {
    }

    /**
     * @param functionals per-window functionals logits, or null when the branch is absent
     * @param cnn         per-window CNN logits, or null
     * @param y           true class per window
     * @param weights     per-window weight (class balance), or null
     * @return {functionalScale, cnnScale, bias...}
     */
    static float[] audio(float[][] functionals, float[][] cnn, int[] y, float[] weights, int classes) {
        return fit(functionals, cnn, y, weights, classes, true);
    }

    private static float[] fit(float[][] functionals, float[][] cnn, int[] y, float[] weights, int classes,
                               boolean fitBias) {
        int n = y.length;
        double[] theta = new double[2 + classes];
        theta[0] = functionals == null ? 0 : 1;
        theta[1] = cnn == null ? 0 : 1;
        double[] m = new double[theta.length];
        double[] v = new double[theta.length];
        double[] z = new double[classes];
        double wsum = 0;
        for (int i = 0; i < n; i++) {
            wsum += weights == null ? 1 : weights[i];
        }
        for (int t = 1; t <= ITERATIONS; t++) {
            double[] g = new double[theta.length];
            for (int i = 0; i < n; i++) {
                double w = (weights == null ? 1 : weights[i]) / wsum;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    z[k] = theta[2 + k] + (functionals == null ? 0 : theta[0] * functionals[i][k])
                            + (cnn == null ? 0 : theta[1] * cnn[i][k]);
                    max = Math.max(max, z[k]);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    z[k] = Math.exp(z[k] - max);
                    sum += z[k];
                }
                for (int k = 0; k < classes; k++) {
                    double d = w * (z[k] / sum - (k == y[i] ? 1 : 0));
                    if (functionals != null) {
                        g[0] += d * functionals[i][k];
                    }
                    if (cnn != null) {
                        g[1] += d * cnn[i][k];
                    }
                    g[2 + k] += d;
                }
            }
            for (int k = 0; k < classes; k++) {
                g[2 + k] += BIAS_L2 * theta[2 + k];
            }
            for (int p = 0; p < theta.length; p++) {
                if ((p == 0 && functionals == null) || (p == 1 && cnn == null) || (p >= 2 && !fitBias)) {
                    continue;
                }
                m[p] = 0.9 * m[p] + 0.1 * g[p];
                v[p] = 0.999 * v[p] + 0.001 * g[p] * g[p];
                theta[p] -= RATE * (m[p] / (1 - Math.pow(0.9, t))) / (Math.sqrt(v[p] / (1 - Math.pow(0.999, t))) + 1e-8);
                if (p < 2) {
                    theta[p] = Math.max(theta[p], 0); // a branch may be switched off, never inverted
                }
            }
        }
        float[] out = new float[theta.length];
        for (int p = 0; p < theta.length; p++) {
            out[p] = (float) theta[p];
        }
        return out;
    }

    /** One scale (1 / temperature) for a head's logits. */
    static float scale(float[][] logits, int[] y, int classes) {
        return fit(logits, null, y, null, classes, false)[0];
    }

    /** Mean negative log-likelihood of softmax(scale · logits) (tests, reports). */
    static double nll(float[][] logits, int[] y, float scale) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits[i]) {
                max = Math.max(max, scale * v);
            }
            double sum = 0;
            for (float v : logits[i]) {
                sum += Math.exp(scale * v - max);
            }
            s += -(scale * logits[i][y[i]] - max - Math.log(sum));
        }
        return s / y.length;
    }
}
