package emostream.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How a whole clip (or the tail of a stream) maps onto model windows. Shared by training and serving. */
public final class ClipWindows {

    private ClipWindows() {
    }

    /** The clip zero-padded at the end to at least {@code windowSamples}; longer clips are returned as they are. */
    public static float[] fit(float[] clip, int windowSamples) {
        return clip.length >= windowSamples ? clip : Arrays.copyOf(clip, windowSamples);
    }

    /**
     * Start offsets of the windows that cover a clip of {@code length} samples with the given hop; the last
     * window is aligned to the clip's end so no speech is left out. A clip shorter than a window gets one
     * window at 0 (pad it with {@link #fit}).
     */
    public static List<Integer> offsets(int length, int windowSamples, int hopSamples) {
        List<Integer> out = new ArrayList<>();
        if (length <= windowSamples) {
            out.add(0);
            return out;
        }
        int start = 0;
        for (; start + windowSamples <= length; start += hopSamples) {
            out.add(start);
        }
        int last = length - windowSamples;
        if (out.get(out.size() - 1) != last) {
            out.add(last);
        }
        return out;
    }
}
