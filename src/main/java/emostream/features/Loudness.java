package emostream.features;

import java.util.List;

/**
 * Loudness as the sum of a compressed auditory spectrum (26 mel bands 20–8000 Hz, band power^0.3, as openSMILE's
 * loudness approximates Zwicker's), and the frame's RMS level in dBFS.
 */
final class Loudness implements LowLevelDescriptor {

    static final double COMPRESSION = 0.3;
    private final MelBands bands;
    private final double[] band;

    Loudness(MelBands bands) {
        this.bands = bands;
        this.band = new double[bands.count()];
    }

    @Override
    public List<String> names() {
        return List.of("loudness", "level_db");
    }

    @Override
    public void compute(FrameAnalysis frame, float[] out, int offset) {
        bands.apply(frame.power(), band);
        double sum = 0;
        for (double e : band) {
            sum += Math.pow(e, COMPRESSION);
        }
        out[offset] = (float) sum;
        out[offset + 1] = (float) frame.levelDb();
    }
}
