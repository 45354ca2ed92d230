package emostream.vad;

/**
 * The voice-activity knobs ({@code vad.*} in config/emostream.properties).
 *
 * @param enabled   false: every window goes to the model
 * @param engine    which detector decides
 * @param minVoiced the window rule: fraction of a window that must be speech for it to count as speech
 * @param energy    the energy gate's knobs ({@code vad.engine=energy})
 * @param neural    the Silero detector's hysteresis ({@code vad.engine=silero})
 */
public record VadSettings(boolean enabled, Engine engine, double minVoiced, Energy energy, Neural neural) {

    public enum Engine { SILERO, ENERGY }

    /**
     * @param minDb           a 10 ms frame quieter than this (dBFS) is never voiced, whatever the floor
     * @param marginDb        a voiced frame is at least this far above the stream's noise floor
     * @param floorSeconds    the noise floor is estimated over this much recent audio
     * @param floorPercentile which percentile of recent frame levels is the floor (low: the quiet gaps)
     */
    public record Energy(double minDb, double marginDb, double floorSeconds, double floorPercentile) {
        public static final Energy DEFAULT = new Energy(-50, 10, 5, 10);
    }

    /**
     * Hysteresis over Silero's per-frame (32 ms) speech probability: speech starts after {@code onsetMs} of frames at
     * or above {@code onset}, and then holds until the probability has stayed below {@code offset} for
     * {@code hangoverMs}; {@code padMs} before an onset counts as speech too (the detector needs a few frames to be
     * sure, and a word's first consonant is quieter than its vowel). The talker in front, not a room full of talkers
     * behind (babble is speech too): an onset frame must also be {@code contrastDb} above the stream's noise floor
     * ({@link Energy#floorSeconds}, {@link Energy#floorPercentile}), and speech only holds on frames at least
     * {@code holdDb} above it (0 and 0: the probability alone decides).
     */
    public record Neural(double onset, double offset, int onsetMs, int hangoverMs, int padMs, double contrastDb,
                         double holdDb) {
        public static final Neural DEFAULT = new Neural(0.25, 0.15, 64, 500, 300, 0, 0);

        public Neural {
            if (!(offset <= onset)) {
                throw new IllegalArgumentException("the VAD offset threshold " + offset + " is above the onset " + onset);
            }
            if (holdDb > contrastDb) {
                throw new IllegalArgumentException("the VAD hold contrast " + holdDb + " dB is above the onset contrast " + contrastDb);
            }
        }
    }

    /** The shipped default: Silero, which holds in noise. */
    public static final VadSettings DEFAULT = new VadSettings(true, Engine.SILERO, 0.15, Energy.DEFAULT, Neural.DEFAULT);

    /** The energy gate with its tuned knobs: needs no model (training selects clip windows with it). */
    public static final VadSettings ENERGY = new VadSettings(true, Engine.ENERGY, 0.15, Energy.DEFAULT, Neural.DEFAULT);

    public VadSettings withEngine(Engine e) {
        return new VadSettings(enabled, e, minVoiced, energy, neural);
    }
}
