package emostream.features;

/**
 * The rising and falling parts of a contour (eGeMAPS' "mean slope of rising / falling signal parts"): the mean
 * of the positive (or the magnitude of the negative) frame-to-frame changes between adjacent frames, per second;
 * and the least-squares slope over the whole window, per second.
 */
enum ContourSlopes implements Functional {
    RISING("rising"),
    FALLING("falling"),
    TREND("trend");

    private final String label;

    ContourSlopes(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public double apply(double[] v, int[] frames, int n, double[] scratch) {
        if (this == TREND) {
            return trend(v, frames, n);
        }
        double sum = 0;
        int count = 0;
        for (int i = 1; i < n; i++) {
            if (frames[i] != frames[i - 1] + 1) {
                continue; // not neighbours (an unvoiced gap between them)
            }
            double d = v[i] - v[i - 1];
            if (this == RISING ? d > 0 : d < 0) {
                sum += Math.abs(d);
                count++;
            }
        }
        return count == 0 ? 0 : sum / count / FRAME_SECONDS;
    }

    private static double trend(double[] v, int[] frames, int n) {
        if (n < 3) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double x = frames[i] * FRAME_SECONDS;
            sx += x;
            sy += v[i];
            sxx += x * x;
            sxy += x * v[i];
        }
        double den = n * sxx - sx * sx;
        return den <= 0 ? Double.NaN : (n * sxy - sx * sy) / den;
    }
}
