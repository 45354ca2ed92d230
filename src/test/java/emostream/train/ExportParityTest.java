package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import emostream.features.FeatureConfig;
import emostream.features.SpeakerNorm;
import emostream.model.ModelInput;
import emostream.model.OnnxEmotionModel;
import emostream.model.Prediction;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DJL (PyTorch) and ONNX Runtime compute the same outputs from the same inputs (max abs diff <= 1e-4). */
class ExportParityTest {

    static final List<String> LABELS = List.of("neutral", "happiness", "sadness", "anger", "fear");

    @Test
    void cnnOnly() throws Exception {
        check(FeatureConfig.DEFAULT, 0, true, false);
    }

    @Test
    void functionalsAndCnn() throws Exception {
        check(FeatureConfig.DEFAULT.withAcoustic(List.of("pitch", "energy", "zcr")), 11, true, true);
    }

    @Test
    void functionalsOnly() throws Exception {
        check(FeatureConfig.DEFAULT.withAcoustic(List.of("egemaps")), emostream.features.DescriptorSet.named("egemaps").dimension(),
                false, true);
    }

    static float[] random(Random r, int n, float scale, float offset) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = offset + scale * (float) r.nextGaussian();
        }
        return a;
    }

    private void check(FeatureConfig fc, int acDim, boolean cnn, boolean functionals) throws Exception {
        Random r = new Random(7);
        int n = 4;
        int mel = fc.melBands();
        int frames = cnn ? fc.frames() : 1;
        NetSpec spec = new NetSpec(LABELS, fc, acDim, 384, cnn, NetSpec.DEFAULT_CONV, NetSpec.DEFAULT_FC, functionals,
                NetSpec.DEFAULT_TEXT_HIDDEN, NetSpec.DEFAULT_FUSION_HIDDEN, 0.5f);
        // non-trivial statistics, like log-mel values around -5 with deltas near 0
        Normalization norm = new Normalization(random(r, 3 * mel, 1f, -3f), abs(random(r, 3 * mel, 0.5f, 2f)),
                random(r, acDim, 1f, 0f), abs(random(r, acDim, 0.5f, 2f)));
        SpeakerNorm speakerNorm = new SpeakerNorm(norm.specMean(), norm.specStd(), norm.acMean(), norm.acStd(), 10, 0);
        float[] specIn = random(r, n * 3 * mel * frames, 2f, -3f);
        float[] acIn = random(r, n * acDim, 1f, 0f);
        float[] text = random(r, n * 384, 0.05f, 0f);
        float[] present = {1f, 0f, 1f, 0f};
        try (NDManager m = NDManager.newBaseManager(); EmotionNet net = new EmotionNet(spec, norm, m)) {
            net.setSpeakerNorm(speakerNorm);
            // a non-trivial calibration and fusion, as training leaves them
            net.setCalibration(new Calibration(functionals ? 0.7f : 0f, cnn ? 1.3f : 0f, random(r, LABELS.size(), 0.5f, 0f), 0.8f,
                    0.2f, 0.35f));   // a text gate that some rows fall inside
            net.fusion2.getParameters().get("weight").getArray().set(java.nio.FloatBuffer.wrap(
                    random(r, LABELS.size() * NetSpec.DEFAULT_FUSION_HIDDEN, 0.3f, 0f)));
            NDArray x = m.create(specIn, new Shape(n, 3, mel, frames));
            NDArray ac = m.create(acIn, new Shape(n, acDim));
            NDArray t = m.create(text, new Shape(n, 384));
            NDArray p = m.create(present, new Shape(n, 1));
            for (int i = 0; i < 3 && cnn; i++) {
                net.cnn(x.add(i * 0.3f), true); // moves the batch-norm running statistics off their defaults
            }
            NDList djl = net.predict(x, ac, t, p);
            Path file = Files.createTempDirectory("parity").resolve("m.onnx");
            OnnxExporter.write(net, Map.of("name", "parity-test"), file);
            try (OnnxEmotionModel ort = OnnxEmotionModel.load(file, 1)) {
                Map<String, float[]> in = new HashMap<>();
                in.put("spec3d", cnn ? specIn : new float[n * 3 * mel]);
                if (acDim > 0) {
                    in.put("acoustic", acIn);
                }
                in.put("text_emb", text);
                in.put("text_present", present);
                Map<String, float[]> out = ort.run(in, n);
                String[] names = {"fused_probs", "audio_probs", "text_probs", "audio_features"};
                for (int i = 0; i < names.length; i++) {
                    float[] a = djl.get(i).toFloatArray();
                    float[] b = out.get(names[i]);
                    assertEquals(a.length, b.length, names[i]);
                    double max = 0;
                    for (int k = 0; k < a.length; k++) {
                        max = Math.max(max, Math.abs(a[k] - b[k]));
                    }
                    assertTrue(max <= 1e-4, names[i] + " differs by " + max);
                }
                // the EmotionModel API on the same file: no text -> fused == audio, text head absent
                assertEquals(LABELS, ort.info().labels());
                assertEquals(fc, ort.info().features());
                assertEquals("parity-test", ort.info().name());
                SpeakerNorm declared = ort.info().speakerNorm();
                assertArrayEquals(speakerNorm.specMean(), declared.specMean());
                assertArrayEquals(speakerNorm.acStd(), declared.acStd());
                assertEquals(10, declared.priorWindows());
                assertEquals(cnn, ort.info().usesSpec3d());
                List<ModelInput> batch = new ArrayList<>();
                int len = 3 * mel * frames;
                for (int i = 0; i < n; i++) {
                    float[] s = cnn ? java.util.Arrays.copyOfRange(specIn, i * len, (i + 1) * len) : new float[0];
                    float[] a = java.util.Arrays.copyOfRange(acIn, i * acDim, (i + 1) * acDim);
                    float[] e = present[i] > 0 ? java.util.Arrays.copyOfRange(text, i * 384, (i + 1) * 384) : null;
                    batch.add(new ModelInput(s, a, e));
                }
                List<Prediction> preds = ort.predict(batch);
                float[] fused = out.get("fused_probs");
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(fused, i * 5, i * 5 + 5), preds.get(i).fused(), 1e-6f);
                    if (present[i] == 0) {
                        assertArrayEquals(preds.get(i).audio(), preds.get(i).fused(), 1e-6f);
                        assertNull(preds.get(i).text());
                    }
                }
            }
        }
    }

    private static float[] abs(float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]) + 0.1f;
        }
        return a;
    }
}
