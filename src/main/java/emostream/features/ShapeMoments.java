package emostream.features;

/**
 * Skewness and kurtosis of a contour: whether a window's loudness or pitch sits mostly low with brief peaks (an
 * outburst) or mostly high with dips, beyond what mean and spread say.
 */
enum ShapeMoments implements Functional {
    SKEWNESS("skewness", 3),
    KURTOSIS("kurtosis", 4);

    private final String label;
    private final int order;

    ShapeMoments(String label, int order) {
        this.label = label;
        this.order = order;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public double apply(double[] v, int[] frames, int n, double[] scratch) {
        if (n < 3) {
            return Double.NaN;
        }
        double m = Moments.mean(v, n);
        double m2 = 0;
        double mk = 0;
        for (int i = 0; i < n; i++) {
            double d = v[i] - m;
            double d2 = d * d;
            m2 += d2;
            mk += order == 3 ? d2 * d : d2 * d2;   // per value of every contour: no Math.pow
        }
        m2 /= n;
        mk /= n;
        return m2 < 1e-12 ? Double.NaN : mk / (order == 3 ? m2 * Math.sqrt(m2) : m2 * m2);
    }
}
