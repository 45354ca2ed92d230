package emostream.features;

import java.util.List;

/**
 * eGeMAPS' spectral balance: alpha ratio (energy 50–1000 Hz over 1–5 kHz, dB), Hammarberg index (strongest peak
 * 0–2 kHz over 2–5 kHz, dB) and the slopes of the log power spectrum over 0–500 Hz and 500–1500 Hz (dB/kHz).
 */
final class SpectralBalance implements LowLevelDescriptor {

    private static final double EPS = 1e-12;

    @Override
    public List<String> names() {
        return List.of("alpha_ratio", "hammarberg", "slope_0_500", "slope_500_1500");
    }

    @Override
    public void compute(FrameAnalysis frame, float[] out, int offset) {
        double[] p = frame.power();
        double low = 0;
        double high = 0;
        double maxLow = 0;
        double maxHigh = 0;
        for (int k = 0; k < p.length; k++) {
            double hz = FrameAnalysis.binHz(k);
            if (hz >= 50 && hz < 1000) {
                low += p[k];
            } else if (hz >= 1000 && hz <= 5000) {
                high += p[k];
            }
            if (hz <= 2000) {
                maxLow = Math.max(maxLow, p[k]);
            } else if (hz <= 5000) {
                maxHigh = Math.max(maxHigh, p[k]);
            }
        }
        out[offset] = (float) (10 * Math.log10((low + EPS) / (high + EPS)));
        out[offset + 1] = (float) (10 * Math.log10((maxLow + EPS) / (maxHigh + EPS)));
        out[offset + 2] = (float) slope(p, 0, 500);
        out[offset + 3] = (float) slope(p, 500, 1500);
    }

    /** Least-squares slope of 10·log10(power) against frequency over [fromHz, toHz], in dB per kHz. */
    static double slope(double[] p, double fromHz, double toHz) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int k = 0; k < p.length; k++) {
            double hz = FrameAnalysis.binHz(k);
            if (hz < fromHz || hz > toHz) {
                continue;
            }
            double x = hz / 1000;
            double y = 10 * Math.log10(p[k] + EPS);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            n++;
        }
        double den = n * sxx - sx * sx;
        return n < 2 || den == 0 ? 0 : (n * sxy - sx * sy) / den;
    }
}
