package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import emostream.features.FeatureConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fusion's base before any training: a neutral modality passes the other one's posterior through. */
class EitherFusionTest {

    private static final List<String> LABELS = List.of("neutral", "happiness", "sadness", "anger");

    private static float[] fusedProbs(List<String> labels, float[] audio, float[] text) {
        return fusedProbs(labels, audio, text, 0f, 0f);
    }

    private static float[] fusedProbs(List<String> labels, float[] audio, float[] text, float gateFrom, float gateTo) {
        return fusedProbs(labels, audio, text, gateFrom, gateTo, false);
    }

    /** {@code corrected}: a learned correction that is not zero, as training leaves it. */
    private static float[] fusedProbs(List<String> labels, float[] audio, float[] text, float gateFrom, float gateTo,
                                      boolean corrected) {
        NetSpec spec = new NetSpec(labels, FeatureConfig.DEFAULT, 0, 384, true, NetSpec.DEFAULT_CONV, NetSpec.DEFAULT_FC,
                false, NetSpec.DEFAULT_TEXT_HIDDEN, NetSpec.DEFAULT_FUSION_HIDDEN, 0.5f);
        try (NDManager m = NDManager.newBaseManager(); EmotionNet net = new EmotionNet(spec, new Normalization(
                new float[3 * FeatureConfig.DEFAULT.melBands()], ones(3 * FeatureConfig.DEFAULT.melBands()), new float[0],
                new float[0]), m)) {
            net.setCalibration(net.calibration().withTextGate(gateFrom, gateTo));
            if (corrected) {
                float[] b = new float[labels.size()];
                b[1] = 2f;   // "more happiness", whatever the inputs
                net.fusion2.getParameters().get("bias").getArray().set(java.nio.FloatBuffer.wrap(b));
            }
            NDArray la = m.create(audio, new Shape(1, audio.length)).log();
            NDArray lt = m.create(text, new Shape(1, text.length)).log();
            return net.fuse(la, lt, false).softmax(1).toFloatArray();
        }
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    @Test
    void aFlatVoiceLetsTheWordsDecide() {
        // a voice the audio head is sure is neutral, an angry sentence: the words' posterior, not neutral
        float[] text = {0.3f, 0.1f, 0.1f, 0.5f};
        float[] fused = fusedProbs(LABELS, new float[] {1f - 3e-6f, 1e-6f, 1e-6f, 1e-6f}, text);
        assertArrayEquals(text, fused, 1e-4f);
    }

    @Test
    void neutralWordsLetTheVoiceDecide() {
        float[] audio = {0.2f, 0.1f, 0.6f, 0.1f};
        float[] fused = fusedProbs(LABELS, audio, new float[] {1f - 3e-6f, 1e-6f, 1e-6f, 1e-6f});
        assertArrayEquals(audio, fused, 1e-4f);
    }

    @Test
    void agreeingModalitiesReinforceEachOtherAndAnUnsureTextDoesNotVetoASureVoice() {
        float[] fused = fusedProbs(LABELS, new float[] {0.1f, 0.1f, 0.1f, 0.7f}, new float[] {0.4f, 0.1f, 0.1f, 0.4f});
        assertTrue(fused[3] > 0.7f, "anger from both: more sure than either");
        // a product of experts would say neutral here (0.3·0.5 > 0.6·0.05); either keeps the voice's sadness
        float[] unsure = fusedProbs(LABELS, new float[] {0.3f, 0.05f, 0.6f, 0.05f}, new float[] {0.5f, 0.2f, 0.05f, 0.25f});
        assertEquals(2, argmax(unsure));
    }

    @Test
    void anUnsureTextReadsAsNeutralWordsAndASureOneAsItIs() {
        float[] audio = {0.35f, 0.05f, 0.5f, 0.1f};
        // the text's surest emotion at 0.29, under the gate's start: the words count as neutral, the voice decides
        float[] bland = {0.4f, 0.2f, 0.11f, 0.29f};
        assertArrayEquals(audio, fusedProbs(LABELS, audio, bland, 0.3f, 0.6f), 1e-5f);
        // ungated, the same words pull the label away from the voice's sadness
        assertTrue(fusedProbs(LABELS, audio, bland)[2] < 0.5f);
        // a sure text (0.8 anger, past the gate's end) on a flat voice is followed as before
        float[] flat = {1f - 3e-6f, 1e-6f, 1e-6f, 1e-6f};
        float[] angry = {0.1f, 0.05f, 0.05f, 0.8f};
        assertArrayEquals(angry, fusedProbs(LABELS, flat, angry, 0.3f, 0.6f), 1e-4f);
        // half-way into the gate: half the text's emotion, the rest read as neutral
        float[] half = {0.4f, 0.05f, 0.1f, 0.45f};
        float[] gated = fusedProbs(LABELS, flat, half, 0.3f, 0.6f);
        assertArrayEquals(new float[] {0.5f * 0.4f + 0.5f, 0.5f * 0.05f, 0.5f * 0.1f, 0.5f * 0.45f}, gated, 1e-4f);
    }

    @Test
    void theLearnedCorrectionActsOnlyAsFarAsTheWordsAreEvidence() {
        float[] audio = {0.35f, 0.05f, 0.5f, 0.1f};
        float[] bland = {0.4f, 0.2f, 0.11f, 0.29f};
        // gated out: the voice's posterior, whatever the correction learned on the validation speakers
        assertArrayEquals(audio, fusedProbs(LABELS, audio, bland, 0.3f, 0.6f, true), 1e-5f);
        // sure words: the correction applies
        float[] angry = {0.1f, 0.05f, 0.05f, 0.8f};
        float[] plain = fusedProbs(LABELS, audio, angry, 0.3f, 0.6f, false);
        float[] corrected = fusedProbs(LABELS, audio, angry, 0.3f, 0.6f, true);
        assertTrue(corrected[1] > 3 * plain[1], java.util.Arrays.toString(corrected));
    }

    @Test
    void withoutANeutralLabelItIsTheProductOfTheExperts() {
        List<String> labels = List.of("happiness", "sadness", "anger");
        float[] a = {0.2f, 0.5f, 0.3f};
        float[] t = {0.6f, 0.2f, 0.2f};
        float[] fused = fusedProbs(labels, a, t);
        float z = 0.12f + 0.1f + 0.06f;
        assertArrayEquals(new float[] {0.12f / z, 0.1f / z, 0.06f / z}, fused, 1e-5f);
    }

    private static int argmax(float[] p) {
        int b = 0;
        for (int i = 1; i < p.length; i++) {
            b = p[i] > p[b] ? i : b;
        }
        return b;
    }
}
