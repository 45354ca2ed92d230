package emostream.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The acoustic vector of each window of one stream, computed as audio arrives, like {@link MelStream} for spec3d:
 * training feeds a whole clip through the same class that serving feeds a live stream, so both compute the same
 * numbers. Window starts are absolute sample positions on the 10 ms grid. Not thread-safe: one per stream.
 */
public interface AcousticStream {

    /** Length of each window's vector (0 = the model uses no acoustic features). */
    int dimension();

    /** Names of the vector's values. */
    List<String> names();

    /** Appends samples (16 kHz mono) and analyses every frame they complete. */
    void push(float[] pcm, int offset, int length);

    /** Whether the window starting at absolute sample {@code startSample} can be computed now. */
    boolean hasWindow(long startSample);

    /** The vector of the window starting at absolute sample {@code startSample}; NaN marks a missing value. */
    float[] window(long startSample);

    /** The stream for a feature configuration: {@code egemaps} descriptors, or the older pitch/energy/ZCR set. */
    static AcousticStream create(FeatureConfig config, long startSample, double extraSeconds) {
        List<String> names = config.acoustic();
        if (names.size() == 1 && DescriptorSet.isName(names.get(0))) {
            return new DescriptorStream(DescriptorSet.named(names.get(0)), config.windowSamples(), startSample, extraSeconds);
        }
        for (String n : names) {
            if (DescriptorSet.isName(n)) {
                throw new IllegalArgumentException("features.acoustic: " + n + " cannot be combined with " + names);
            }
        }
        return new WindowAcousticStream(config, startSample, extraSeconds);
    }

    /** The dimension a configuration gives, without building a stream. */
    static int dimension(FeatureConfig config) {
        List<String> names = config.acoustic();
        if (names.size() == 1 && DescriptorSet.isName(names.get(0))) {
            return DescriptorSet.named(names.get(0)).dimension();
        }
        return new AcousticExtractor(config).dimension();
    }

    /**
     * The vectors of a whole clip's windows (the clip padded to at least one window; {@code offsets} from
     * {@link ClipWindows#offsets}), through a stream fed the clip from sample 0: what serving computes for a
     * stream that starts with the clip. Offsets off the 10 ms grid are moved back onto it.
     */
    static List<float[]> clip(FeatureConfig config, float[] padded, List<Integer> offsets) {
        AcousticStream s = create(config, 0, padded.length / (double) config.sampleRate());
        s.push(padded, 0, padded.length);
        List<float[]> out = new ArrayList<>(offsets.size());
        for (int off : offsets) {
            out.add(s.window(off - off % FrameAnalysis.HOP));
        }
        return out;
    }
}
