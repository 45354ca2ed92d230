package emostream.features;

import java.util.List;

/**
 * Window-level temporal features from the frame masks and the loudness contour (eGeMAPS' temporal group): how much
 * of the window is voiced and how much is speech at all, the rate of loudness peaks, and the rate, mean and spread
 * of the lengths of voiced segments and of the unvoiced gaps between them.
 */
final class Rhythm {

    static final List<String> NAMES = List.of("voiced_ratio", "speech_ratio", "loudness_peaks_per_s",
            "voiced_segments_per_s", "voiced_segment_mean_s", "voiced_segment_std_s", "gap_mean_s", "gap_std_s");

    private Rhythm() {
    }

    /**
     * @param voiced   per frame of the window
     * @param speech   per frame: not silence
     * @param loudness per frame
     */
    static void compute(boolean[] voiced, boolean[] speech, float[] loudness, int n, float[] out, int offset) {
        double seconds = n * Functional.FRAME_SECONDS;
        int v = 0;
        int s = 0;
        double loudSum = 0;
        for (int i = 0; i < n; i++) {
            v += voiced[i] ? 1 : 0;
            if (speech[i]) {
                s++;
                loudSum += loudness[i];
            }
        }
        double loudMean = s == 0 ? 0 : loudSum / s;
        int peaks = 0;
        for (int i = 1; i < n - 1; i++) {
            if (speech[i] && loudness[i] > loudness[i - 1] && loudness[i] >= loudness[i + 1] && loudness[i] > loudMean) {
                peaks++;
            }
        }
        // runs of voiced frames, and the gaps that lie between two of them
        double segSum = 0;
        double segSq = 0;
        int segs = 0;
        double gapSum = 0;
        double gapSq = 0;
        int gaps = 0;
        int i = 0;
        boolean seenVoiced = false;
        while (i < n) {
            int j = i;
            while (j < n && voiced[j] == voiced[i]) {
                j++;
            }
            double len = (j - i) * Functional.FRAME_SECONDS;
            if (voiced[i]) {
                segSum += len;
                segSq += len * len;
                segs++;
                seenVoiced = true;
            } else if (seenVoiced && j < n) {
                gapSum += len;
                gapSq += len * len;
                gaps++;
            }
            i = j;
        }
        out[offset] = (float) v / n;
        out[offset + 1] = (float) s / n;
        out[offset + 2] = (float) (peaks / seconds);
        out[offset + 3] = (float) (segs / seconds);
        out[offset + 4] = segs == 0 ? Float.NaN : (float) (segSum / segs);
        out[offset + 5] = segs < 2 ? Float.NaN : (float) spread(segSum, segSq, segs);
        out[offset + 6] = gaps == 0 ? Float.NaN : (float) (gapSum / gaps);
        out[offset + 7] = gaps < 2 ? Float.NaN : (float) spread(gapSum, gapSq, gaps);
    }

    private static double spread(double sum, double sq, int n) {
        double m = sum / n;
        return Math.sqrt(Math.max(sq / n - m * m, 0));
    }
}
