package emostream.features;

import java.util.List;

/**
 * The power spectrum read as a distribution over frequency: its spread (Hz), skewness and kurtosis; the slope of
 * its level (dB per kHz, least squares over 0–8 kHz); the 25, 50 and 75 % roll-off points (Hz); and the level of
 * two bands (dB): 250–650 Hz, where the first formant and the voice's body sit, and 1–4 kHz, where vocal effort
 * shows. Silent frames (no power) give NaN, which the functionals leave out.
 */
final class SpectralMoments implements LowLevelDescriptor {
    // one instance per stream (DescriptorSet.newDescriptors), so the scratch field below is not shared

    private static final double[] ROLLOFFS = {0.25, 0.5, 0.75};
    private final float[] roll = new float[ROLLOFFS.length];   // per frame: reused, not allocated

    @Override
    public List<String> names() {
        return List.of("spread", "skewness", "kurtosis", "slope_db_khz", "rolloff25", "rolloff50", "rolloff75",
                "band250_650_db", "band1k_4k_db");
    }

    @Override
    public void compute(FrameAnalysis frame, float[] out, int offset) {
        double[] p = frame.power();
        double total = 0;
        double centroid = 0;
        double low = 0;
        double high = 0;
        for (int k = 0; k < p.length; k++) {
            double hz = FrameAnalysis.binHz(k);
            total += p[k];
            centroid += p[k] * hz;
            if (hz >= 250 && hz < 650) {
                low += p[k];
            } else if (hz >= 1000 && hz < 4000) {
                high += p[k];
            }
        }
        if (total <= 1e-14) {
            for (int i = 0; i < names().size(); i++) {
                out[offset + i] = Float.NaN;
            }
            return;
        }
        centroid /= total;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double cumulative = 0;
        int r = 0;
        java.util.Arrays.fill(roll, 0);
        for (int k = 0; k < p.length; k++) {
            double hz = FrameAnalysis.binHz(k);
            double q = p[k] / total;
            double d = hz - centroid;
            m2 += q * d * d;
            m3 += q * d * d * d;
            m4 += q * d * d * d * d;
            double x = hz / 1000;
            double y = 10 * Math.log10(p[k] + 1e-12);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            cumulative += p[k];
            while (r < ROLLOFFS.length && cumulative >= ROLLOFFS[r] * total) {
                roll[r++] = (float) hz;
            }
        }
        int n = p.length;
        double spread = Math.sqrt(m2);
        out[offset] = (float) spread;
        out[offset + 1] = spread > 1e-9 ? (float) (m3 / (spread * spread * spread)) : Float.NaN;
        out[offset + 2] = spread > 1e-9 ? (float) (m4 / (m2 * m2)) : Float.NaN;
        out[offset + 3] = (float) ((n * sxy - sx * sy) / (n * sxx - sx * sx));
        for (int i = 0; i < ROLLOFFS.length; i++) {
            out[offset + 4 + i] = roll[i];
        }
        out[offset + 7] = (float) (10 * Math.log10(low + 1e-12));
        out[offset + 8] = (float) (10 * Math.log10(high + 1e-12));
    }
}
