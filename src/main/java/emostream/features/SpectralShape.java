package emostream.features;

import java.util.List;

/**
 * Spectral centroid (Hz), normalised spectral entropy, 90 % roll-off (Hz), spectral flux against the previous
 * frame (L1-normalised magnitude spectra; NaN for a stream's first frame) and zero-crossing rate (per sample) of
 * the short frame. Keeps the last frame's spectrum: one instance per stream.
 */
final class SpectralShape implements LowLevelDescriptor {

    private final double[] previous = new double[FrameAnalysis.FFT / 2 + 1];
    private final double[] magnitude = new double[FrameAnalysis.FFT / 2 + 1];
    private boolean havePrevious;

    @Override
    public List<String> names() {
        return List.of("centroid", "entropy", "rolloff90", "flux", "zcr");
    }

    @Override
    public void compute(FrameAnalysis frame, float[] out, int offset) {
        double[] p = frame.power();
        double total = 0;
        double weighted = 0;
        double magSum = 0;
        for (int k = 0; k < p.length; k++) {
            total += p[k];
            weighted += p[k] * FrameAnalysis.binHz(k);
            magnitude[k] = Math.sqrt(p[k]);
            magSum += magnitude[k];
        }
        if (total <= 1e-14) {
            out[offset] = 0;
            out[offset + 1] = 1;
            out[offset + 2] = 0;
        } else {
            double entropy = 0;
            double cumulative = 0;
            int roll = p.length - 1;
            for (int k = 0; k < p.length; k++) {
                double q = p[k] / total;
                if (q > 0) {
                    entropy -= q * Math.log(q);
                }
                cumulative += p[k];
                if (cumulative >= 0.9 * total && roll == p.length - 1) {
                    roll = k;
                }
            }
            out[offset] = (float) (weighted / total);
            out[offset + 1] = (float) (entropy / Math.log(p.length));
            out[offset + 2] = (float) FrameAnalysis.binHz(roll);
        }
        double norm = magSum > 1e-12 ? 1 / magSum : 0;
        for (int k = 0; k < magnitude.length; k++) {
            magnitude[k] *= norm;
        }
        if (havePrevious) {
            double flux = 0;
            for (int k = 0; k < magnitude.length; k++) {
                double d = magnitude[k] - previous[k];
                flux += d * d;
            }
            out[offset + 3] = (float) flux;
        } else {
            out[offset + 3] = Float.NaN;
        }
        System.arraycopy(magnitude, 0, previous, 0, magnitude.length);
        havePrevious = true;
        float[] s = frame.span();
        int crossings = 0;
        int from = FrameAnalysis.SHORT_OFFSET;
        for (int i = from + 1; i < from + FrameAnalysis.SHORT; i++) {
            if ((s[i - 1] >= 0) != (s[i] >= 0)) {
                crossings++;
            }
        }
        out[offset + 4] = (float) crossings / FrameAnalysis.SHORT;
    }
}
