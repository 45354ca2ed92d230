package emostream.features;

/**
 * Time spent high and the rhythm of peaks: the share of the contour's values above 50 % and 90 % of its range
 * (openSMILE's up-level times: a sustained loud voice against a single loud syllable), and local maxima per second
 * that stand out by at least a tenth of the range (syllable-like beats in loudness, or pitch accents).
 */
enum LevelTimes implements Functional {
    UP50("uplevel50", 0.5),
    UP90("uplevel90", 0.9),
    PEAK_RATE("peaks_per_s", 0.1);

    private final String label;
    private final double level;

    LevelTimes(String label, double level) {
        this.label = label;
        this.level = level;
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
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
        }
        double range = max - min;
        if (range < 1e-12) {
            return this == PEAK_RATE ? 0 : Double.NaN;
        }
        if (this != PEAK_RATE) {
            double threshold = min + level * range;
            int above = 0;
            for (int i = 0; i < n; i++) {
                above += v[i] > threshold ? 1 : 0;
            }
            return above / (double) n;
        }
        int peaks = 0;
        double lastTrough = v[0];
        boolean rising = false;
        for (int i = 1; i < n; i++) {
            if (v[i] > v[i - 1]) {
                rising = true;
            } else if (v[i] < v[i - 1] && rising) {
                if (v[i - 1] - lastTrough >= level * range) {
                    peaks++;
                }
                rising = false;
                lastTrough = v[i];
            } else if (!rising) {
                lastTrough = Math.min(lastTrough, v[i]);
            }
        }
        double seconds = (frames[n - 1] - frames[0] + 1) * FRAME_SECONDS;
        return peaks / seconds;
    }
}
