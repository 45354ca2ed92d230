package emostream.train;

/**
 * How the heads' raw logits become the probabilities the model publishes: the audio logits are
 * {@code functionalScale · functionals + cnnScale · cnn + audioBias} (a weighted combination fitted, with the
 * temperature in the weights, on validation speakers: a scale of 0 switches a branch off), the text logits are
 * multiplied by {@code textScale} (1 / temperature, fitted on the text corpus's dev split).
 * <p>
 * {@code textGateFrom} and {@code textGateTo} are how sure the text head must be of an emotion before the fusion
 * counts its words as evidence (see {@link EmotionNet#either}): below {@code from} (the largest non-neutral
 * probability) the text is read as neutral, from {@code to} as it is, linearly between. Both come from the dev
 * texts labelled neutral (their median and 90th percentile of that probability): a bland sentence ("dogs are
 * sitting by the door") gets a spread over the emotions about as large as a neutral dev sentence does, and must not
 * outvote a voice. {@code to <= from} is no gate (checkpoints from before it).
 */
public record Calibration(float functionalScale, float cnnScale, float[] audioBias, float textScale,
                          float textGateFrom, float textGateTo) {

    public Calibration {
        audioBias = audioBias.clone();
    }

    public Calibration(float functionalScale, float cnnScale, float[] audioBias, float textScale) {
        this(functionalScale, cnnScale, audioBias, textScale, 0f, 0f);
    }

    /** No calibration: branches summed, temperature 1, no text gate. */
    public static Calibration identity(NetSpec spec) {
        return new Calibration(spec.functionals() ? 1f : 0f, spec.cnn() ? 1f : 0f, new float[spec.classes()], 1f);
    }

    public Calibration withAudio(float functionalScale, float cnnScale, float[] bias) {
        return new Calibration(functionalScale, cnnScale, bias, textScale, textGateFrom, textGateTo);
    }

    public Calibration withTextScale(float scale) {
        return new Calibration(functionalScale, cnnScale, audioBias, scale, textGateFrom, textGateTo);
    }

    public Calibration withTextGate(float from, float to) {
        return new Calibration(functionalScale, cnnScale, audioBias, textScale, from, to);
    }

    /** Whether the fusion gates the text by its confidence. */
    public boolean textGated() {
        return textGateTo > textGateFrom;
    }

    @Override
    public float[] audioBias() {
        return audioBias.clone();
    }
}
