package emostream.features;

/**
 * Least-squares fits of a contour against time (seconds, from the frame indices, so gaps left by unvoiced frames
 * count as time): the linear slope, the root-mean-square error around that line (how far the contour wanders from
 * a steady glide), and the curvature of a quadratic fit (a rise-and-fall arc versus a fall-and-rise).
 */
enum Regression implements Functional {
    SLOPE("linreg_slope"),
    ERROR("linreg_rmse"),
    CURVATURE("quadreg_a");

    private final String label;

    Regression(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public double apply(double[] v, int[] frames, int n, double[] scratch) {
        if (n < (this == CURVATURE ? 4 : 3)) {
            return Double.NaN;
        }
        if (this == CURVATURE) {
            return curvature(v, frames, n, frames[0]);
        }
        // the slope is the eGeMAPS set's linear trend; the error is taken around that same line
        double slope = ContourSlopes.TREND.apply(v, frames, n, scratch);
        if (this == SLOPE || Double.isNaN(slope)) {
            return slope;
        }
        double meanT = 0;
        double meanV = 0;
        for (int i = 0; i < n; i++) {
            meanT += frames[i] * FRAME_SECONDS;
            meanV += v[i];
        }
        meanT /= n;
        meanV /= n;
        double e = 0;
        for (int i = 0; i < n; i++) {
            double r = v[i] - meanV - slope * (frames[i] * FRAME_SECONDS - meanT);
            e += r * r;
        }
        return Math.sqrt(e / n);
    }

    /** The t² coefficient of v ≈ a t² + b t + c, from the 3×3 normal equations (Cramer's rule). */
    private static double curvature(double[] v, int[] frames, int n, double t0) {
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double y0 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < n; i++) {
            double t = (frames[i] - t0) * FRAME_SECONDS;
            double t2 = t * t;
            s1 += t;
            s2 += t2;
            s3 += t2 * t;
            s4 += t2 * t2;
            y0 += v[i];
            y1 += t * v[i];
            y2 += t2 * v[i];
        }
        // | s4 s3 s2 | |a|   |y2|
        // | s3 s2 s1 | |b| = |y1|
        // | s2 s1 n  | |c|   |y0|
        double det = s4 * (s2 * n - s1 * s1) - s3 * (s3 * n - s1 * s2) + s2 * (s3 * s1 - s2 * s2);
        if (Math.abs(det) < 1e-12) {
            return Double.NaN;
        }
        double detA = y2 * (s2 * n - s1 * s1) - s3 * (y1 * n - s1 * y0) + s2 * (y1 * s1 - s2 * y0);
        return detA / det;
    }
}
