package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import emostream.text.MiniLmEncoder;
import emostream.text.MiniLmWeights;
import org.junit.jupiter.api.Test;

import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DJL BERT against ONNX Runtime on the original all-MiniLM-L6-v2: hidden states within 1e-4. */
class MiniLmBertParityTest {

    static final List<String> TEXTS = List.of("i can't believe you did that to me again",
            "oh my god that is wonderful news", "okay", "", "what the hell is wrong with you people seriously i mean it");

    @Test
    void hiddenStatesAndSentenceEmbeddingsMatchOnnxRuntime() throws Exception {
        byte[] model = MiniLmWeights.originalModel(null);
        Map<String, MiniLmWeights.Tensor> w = MiniLmWeights.read(model);
        assertEquals(MiniLmWeights.LAYERS * 16 + 5, w.size(), "weights by HuggingFace name: " + w.keySet());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (MiniLmEncoder enc = new MiniLmEncoder(1);
             OrtSession ort = env.createSession(model, new OrtSession.SessionOptions());
             NDManager m = NDManager.newBaseManager();
             MiniLmBert bert = new MiniLmBert(m, w)) {
            List<long[]> ids = enc.tokenIds(TEXTS);
            double worst = 0;
            for (int i = 0; i < ids.size(); i++) {
                long[] row = ids.get(i);
                float[][] ref = ortHidden(env, ort, row);
                NDArray h = bert.hidden(m, new long[][] {row});
                float[] got = h.toFloatArray();
                for (int t = 0; t < row.length; t++) {
                    for (int d = 0; d < MiniLmWeights.HIDDEN; d++) {
                        worst = Math.max(worst, Math.abs(ref[t][d] - got[t * MiniLmWeights.HIDDEN + d]));
                    }
                }
            }
            assertTrue(worst <= 1e-4, "max |DJL - ORT| hidden state " + worst);
            // batched with padding, pooled as the serving encoder pools
            long[][] batch = ids.toArray(new long[0][]);
            int len = 0;
            for (long[] r : batch) {
                len = Math.max(len, r.length);
            }
            float[] pooled = MiniLmBert.meanPool(m, bert.hidden(m, batch), batch, len).toFloatArray();
            List<float[]> served = enc.encodeAll(TEXTS);
            double worstPooled = 0;
            for (int i = 0; i < batch.length; i++) {
                for (int d = 0; d < MiniLmWeights.HIDDEN; d++) {
                    worstPooled = Math.max(worstPooled, Math.abs(served.get(i)[d] - pooled[i * MiniLmWeights.HIDDEN + d]));
                }
            }
            assertTrue(worstPooled <= 1e-5, "max |DJL - served| sentence embedding " + worstPooled);
            System.out.printf("parity: hidden %.2e, pooled %.2e%n", worst, worstPooled);

            // the patch writes the top layers back: unchanged weights give the same embedding
            byte[] patched = MiniLmWeights.patch(model, bert.weights(4));
            try (MiniLmEncoder again = new MiniLmEncoder(1, patched, "same")) {
                float[] a = again.encode(TEXTS.get(0));
                for (int d = 0; d < a.length; d++) {
                    assertEquals(served.get(0)[d], a[d], 1e-6f);
                }
            }
            // the shipped form: a float16 delta file that text.encoder.model names; the serving constructor applies it
            byte[] delta = MiniLmWeights.delta(bert.weights(4), "test-delta");
            assertTrue(delta.length < 8_000_000, "two layers in float16: " + delta.length + " bytes");
            java.nio.file.Path f = java.nio.file.Files.createTempFile("delta", ".onnx");
            try {
                java.nio.file.Files.write(f, delta);
                try (MiniLmEncoder fromDelta = new MiniLmEncoder(1, f)) {
                    assertEquals("test-delta", fromDelta.id());
                    float[] a = fromDelta.encode(TEXTS.get(0));
                    double cos = 0;
                    for (int d = 0; d < a.length; d++) {
                        cos += a[d] * served.get(0)[d];
                    }
                    assertTrue(cos > 0.9999, "float16 rounding of two layers moves the embedding little: cos " + cos);
                }
            } finally {
                java.nio.file.Files.deleteIfExists(f);
            }
        }
    }

    private static float[][] ortHidden(OrtEnvironment env, OrtSession s, long[] ids) throws Exception {
        long[] shape = {1, ids.length};
        long[] ones = new long[ids.length];
        java.util.Arrays.fill(ones, 1);
        try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
             OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
             OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            return ((float[][][]) r.get(0).getValue())[0];
        }
    }
}
