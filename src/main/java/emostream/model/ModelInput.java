package emostream.model;

/**
 * One window's model input.
 *
 * @param spec3d        flattened [3][melBands][frames] log-mel, delta, delta-delta (not normalised: the model does that)
 * @param acoustic      extra acoustic features in {@code FeatureConfig.acoustic()} order; empty when the model uses none
 * @param textEmbedding the transcript's embedding, or {@code null} when the window has no transcript yet
 */
public record ModelInput(float[] spec3d, float[] acoustic, float[] textEmbedding) {

    public ModelInput {
        if (spec3d == null || acoustic == null) {
            throw new IllegalArgumentException("spec3d and acoustic must not be null (use an empty array)");
        }
    }

    public boolean hasText() {
        return textEmbedding != null;
    }
}
