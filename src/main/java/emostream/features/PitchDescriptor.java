package emostream.features;

import java.util.List;

/** F0 in semitones re 27.5 Hz (eGeMAPS' scale; NaN when unvoiced) and YIN's periodicity. */
final class PitchDescriptor implements LowLevelDescriptor {

    static final double REFERENCE_HZ = 27.5;

    @Override
    public List<String> names() {
        return List.of("f0_st", "periodicity");
    }

    @Override
    public void compute(FrameAnalysis frame, float[] out, int offset) {
        double f0 = frame.f0();
        out[offset] = Double.isNaN(f0) ? Float.NaN : (float) (12 * Math.log(f0 / REFERENCE_HZ) / Math.log(2));
        out[offset + 1] = (float) frame.periodicity();
    }
}
