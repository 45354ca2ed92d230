package emostream.features;

import java.util.List;

/**
 * Vocal-tract resonances of voiced frames: F1–F3 and their bandwidths (Hz) from LPC poles, each formant's
 * amplitude relative to the first harmonic (dB, eGeMAPS' "relative energy"), and the harmonic differences H1–H2
 * and H1–A3 (dB) from the 40 ms spectrum. NaN when the frame is unvoiced or a formant was not found.
 */
final class Formants implements LowLevelDescriptor {

    @Override
    public List<String> names() {
        return List.of("f1", "f2", "f3", "b1", "b2", "b3", "f1_rel_db", "f2_rel_db", "f3_rel_db", "h1_h2", "h1_a3");
    }

    @Override
    public void compute(FrameAnalysis frame, float[] out, int offset) {
        for (int i = 0; i < 11; i++) {
            out[offset + i] = Float.NaN;
        }
        double f0 = frame.f0();
        if (Double.isNaN(f0)) {
            return;
        }
        double[] fb = frame.formants();
        for (int i = 0; i < 6; i++) {
            out[offset + i] = (float) fb[i];
        }
        double[] db = frame.finePowerDb();
        double h1 = peakDb(db, f0, 0.1 * f0);
        double h2 = peakDb(db, 2 * f0, 0.1 * f0);
        out[offset + 9] = (float) (h1 - h2);
        for (int i = 0; i < 3; i++) {
            if (!Double.isNaN(fb[i])) {
                // the strongest harmonic near the formant: within half a harmonic spacing
                double a = peakDb(db, fb[i], 0.5 * f0);
                out[offset + 6 + i] = (float) (a - h1);
                if (i == 2) {
                    out[offset + 10] = (float) (h1 - a);
                }
            }
        }
    }

    /** The highest dB value of the fine spectrum within ±{@code halfWidth} Hz of {@code hz}. */
    static double peakDb(double[] db, double hz, double halfWidth) {
        double step = FrameAnalysis.fineBinHz(1);
        int lo = Math.max(0, (int) Math.floor((hz - halfWidth) / step));
        int hi = Math.min(db.length - 1, (int) Math.ceil((hz + halfWidth) / step));
        double best = Double.NEGATIVE_INFINITY;
        for (int k = lo; k <= hi; k++) {
            best = Math.max(best, db[k]);
        }
        return best;
    }
}
