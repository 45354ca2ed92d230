package emostream.pipeline;

/**
 * The energy voice-activity gate's knobs ({@code vad.*} in config/emostream.properties).
 *
 * @param enabled       false: every window goes to the model
 * @param minDb         a 10 ms frame quieter than this (dBFS) is never voiced, whatever the floor
 * @param marginDb      a voiced frame is at least this far above the stream's noise floor
 * @param floorSeconds  the noise floor is estimated over this much recent audio
 * @param floorPercentile which percentile of recent frame levels is the floor (low: the quiet gaps)
 * @param minVoiced     fraction of a window's frames that must be voiced for it to count as speech
 */
public record VadSettings(boolean enabled, double minDb, double marginDb, double floorSeconds, double floorPercentile,
                          double minVoiced) {

    public static final VadSettings DEFAULT = new VadSettings(true, -50, 10, 5, 10, 0.15);
}
