package emostream.pipeline;

/**
 * When the recogniser may skip silence ({@code asr.skip.silence*} in config/emostream.properties).
 *
 * @param skipSilence     leave out silence once the recogniser has closed its utterance
 * @param hangoverSamples silence still fed after the last voiced audio (Vosk ends an utterance on trailing silence)
 * @param prerollSamples  skipped silence fed back before speech resumes
 */
public record AsrSettings(boolean skipSilence, int hangoverSamples, int prerollSamples) {

    public static final AsrSettings DEFAULT = new AsrSettings(true, 16_000, 8_000);

    public AsrSettings {
        if (hangoverSamples < 0 || prerollSamples < 0) {
            throw new IllegalArgumentException("hangover and pre-roll must not be negative");
        }
    }
}
