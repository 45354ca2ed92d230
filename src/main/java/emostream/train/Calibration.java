package emostream.train;

/**
 * How the heads' raw logits become the probabilities the model publishes: the audio logits are
 * {@code functionalScale · functionals + cnnScale · cnn + audioBias} (a weighted combination fitted, with the
 * temperature in the weights, on validation speakers: a scale of 0 switches a branch off), the text logits are
 * multiplied by {@code textScale} (1 / temperature, fitted on the text corpus's dev split).
 */
public record Calibration(float functionalScale, float cnnScale, float[] audioBias, float textScale) {

    public Calibration {
        audioBias = audioBias.clone();
    }

    /** No calibration: branches summed, temperature 1. */
    public static Calibration identity(NetSpec spec) {
        return new Calibration(spec.functionals() ? 1f : 0f, spec.cnn() ? 1f : 0f, new float[spec.classes()], 1f);
    }

    public Calibration withAudio(float functionalScale, float cnnScale, float[] bias) {
        return new Calibration(functionalScale, cnnScale, bias, textScale);
    }

    public Calibration withTextScale(float scale) {
        return new Calibration(functionalScale, cnnScale, audioBias, scale);
    }

    @Override
    public float[] audioBias() {
        return audioBias.clone();
    }
}
