package emostream.features;

/**
 * spec3d of one window of raw samples: log-mel, delta, delta-delta. Training uses it on clips; serving uses
 * {@link MelStream}, which computes the same frames incrementally and must give identical output.
 * Not thread-safe: use one per thread.
 */
public final class Spec3dExtractor {

    private final FeatureConfig config;
    private final LogMel logMel;
    private final float[] frame;

    public Spec3dExtractor(FeatureConfig config) {
        this.config = config;
        this.logMel = new LogMel(config);
        this.frame = new float[config.melBands()];
    }

    public FeatureConfig config() {
        return config;
    }

    /** spec3d of {@code config.windowSamples()} samples starting at {@code pcm[offset]}. */
    public float[] extract(float[] pcm, int offset) {
        float[] out = new float[config.spec3dLength()];
        extract(pcm, offset, out);
        return out;
    }

    /** As {@link #extract(float[], int)}, into a caller-owned buffer of {@code config.spec3dLength()}. */
    public void extract(float[] pcm, int offset, float[] out) {
        if (offset < 0 || offset + config.windowSamples() > pcm.length) {
            throw new IllegalArgumentException("window [" + offset + ", " + (offset + config.windowSamples())
                    + ") is outside the " + pcm.length + " samples given; pad short clips with ClipWindows.fit");
        }
        int frames = config.frames();
        for (int t = 0; t < frames; t++) {
            logMel.frame(pcm, offset + t * config.hopLength(), frame);
            for (int m = 0; m < frame.length; m++) {
                out[m * frames + t] = frame[m];
            }
        }
        Spec3d.addDeltas(out, config);
    }

    /** Centre frequency of a mel band in Hz (for plots and tests). */
    public double bandCenterHz(int band) {
        return logMel.bandCenterHz(band);
    }
}
