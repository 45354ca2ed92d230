package emostream.model;

/**
 * Class probabilities in {@link ModelInfo#labels()} order.
 *
 * @param fused the label to publish: audio+text when the input had text, otherwise equal to {@code audio}
 * @param audio the audio-only head
 * @param text  the text-only head, or {@code null} when the input had no text
 */
public record Prediction(float[] fused, float[] audio, float[] text) {

    public int argmax() {
        int best = 0;
        for (int i = 1; i < fused.length; i++) {
            if (fused[i] > fused[best]) {
                best = i;
            }
        }
        return best;
    }
}
