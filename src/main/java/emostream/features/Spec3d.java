package emostream.features;

/**
 * The spec3d layout: channel 0 log-mel, 1 delta, 2 delta-delta, each [melBands][frames], flattened row-major
 * as [3][mel][frames] (NCHW without N), which is what the CNN's first convolution reads.
 */
public final class Spec3d {

    private Spec3d() {
    }

    /** Fills channels 1 and 2 of {@code out} from the log-mel already in channel 0. */
    static void addDeltas(float[] out, FeatureConfig config) {
        int plane = config.melBands() * config.frames();
        Deltas.compute(out, 0, out, plane, config.melBands(), config.frames(), config.deltaWidth());
        Deltas.compute(out, plane, out, 2 * plane, config.melBands(), config.frames(), config.deltaWidth());
    }

    /** Value at (channel, band, frame) of a flattened spec3d. */
    public static float at(float[] spec3d, FeatureConfig config, int channel, int band, int frame) {
        return spec3d[(channel * config.melBands() + band) * config.frames() + frame];
    }
}
