package emostream.features;

/**
 * One statistic of a descriptor's contour over a window (openSMILE's functionals): mean, spread, percentiles,
 * slopes. Reads the values of the frames that met the condition, in time order, with their frame indices (so
 * slopes know which values are neighbours). Returns NaN when too few values exist; the normalisation then treats
 * the value as missing.
 */
public interface Functional {

    /** Short name, e.g. {@code mean}, {@code p20}, {@code rising}. */
    String label();

    /**
     * @param values  contour values, {@code n} of them, in time order (the array may be longer)
     * @param frames  the frame index of each value
     * @param scratch room for {@code n} values the functional may overwrite
     */
    double apply(double[] values, int[] frames, int n, double[] scratch);

    /** Seconds per frame step, for functionals in units per second. */
    double FRAME_SECONDS = FrameAnalysis.HOP / (double) FrameAnalysis.SAMPLE_RATE;
}
