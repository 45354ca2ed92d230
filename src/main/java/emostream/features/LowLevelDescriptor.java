package emostream.features;

import java.util.List;

/**
 * One family of per-frame (10 ms) low-level descriptors, openSMILE style: reads the shared {@link FrameAnalysis}
 * and writes its values. A value that is undefined for the frame (no pitch, no formant found) is NaN, and the
 * window functionals leave it out. An instance may keep state across consecutive frames (spectral flux), so each
 * stream has its own.
 */
public interface LowLevelDescriptor {

    /** Names of the values {@link #compute} writes, in order. */
    List<String> names();

    /** Writes {@code names().size()} values for the loaded frame at {@code out[offset]}. */
    void compute(FrameAnalysis frame, float[] out, int offset);
}
