package emostream.vad;

/** Opens a stream's {@link SpeechGate} as the settings say. */
public final class SpeechGates {

    private SpeechGates() {
    }

    /**
     * @param model         the loaded Silero model; may be null only when the settings name the energy engine
     * @param start         absolute sample of the stream's first pushed sample, a multiple of {@link SpeechGate#GRID}
     * @param windowSamples the longest span the stream will ask about
     */
    public static SpeechGate open(VadSettings settings, SileroModel model, long start, int windowSamples) {
        return switch (settings.engine()) {
            case ENERGY -> new EnergyGate(settings, start, windowSamples / SpeechGate.GRID);
            case SILERO -> {
                if (model == null) {
                    throw new IllegalStateException("vad.engine=silero but no voice-activity model was loaded");
                }
                yield new SileroGate(settings, model, start, windowSamples);
            }
        };
    }
}
