package emostream.features;

/** Mean, standard deviation and coefficient of variation (std / |mean|) of a contour. */
enum Moments implements Functional {
    MEAN("mean") {
        @Override
        public double apply(double[] v, int[] frames, int n, double[] scratch) {
            return n == 0 ? Double.NaN : mean(v, n);
        }
    },
    STD("std") {
        @Override
        public double apply(double[] v, int[] frames, int n, double[] scratch) {
            return n < 2 ? Double.NaN : std(v, n);
        }
    },
    COV("cov") {
        @Override
        public double apply(double[] v, int[] frames, int n, double[] scratch) {
            if (n < 2) {
                return Double.NaN;
            }
            double m = mean(v, n);
            return Math.abs(m) < 1e-9 ? Double.NaN : std(v, n) / Math.abs(m);
        }
    };

    private final String label;

    Moments(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    static double mean(double[] v, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i];
        }
        return s / n;
    }

    static double std(double[] v, int n) {
        double m = mean(v, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (v[i] - m) * (v[i] - m);
        }
        return Math.sqrt(s / n);
    }
}
