package emostream.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The auditory spectrum: the level (dB) of each of the 26 mel bands, 20 Hz to 8 kHz, per frame. Where MFCCs
 * summarise the spectral envelope in a few decorrelated numbers, the bands keep where in frequency the energy
 * moves (a tense voice lifts the 2–4 kHz bands), which a linear model over their functionals can read directly.
 */
final class AuditorySpectrum implements LowLevelDescriptor {

    private final MelBands bands;
    private final double[] band;
    private final List<String> names = new ArrayList<>();

    AuditorySpectrum(MelBands bands) {
        this.bands = bands;
        this.band = new double[bands.count()];
        for (int b = 1; b <= bands.count(); b++) {
            names.add("aud" + b);
        }
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public void compute(FrameAnalysis frame, float[] out, int offset) {
        bands.apply(frame.power(), band);
        for (int b = 0; b < band.length; b++) {
            out[offset + b] = (float) (10 * Math.log10(band[b] + 1e-10));
        }
    }
}
