package emostream.pipeline;

import emostream.features.FeatureConfig;
import emostream.model.EmotionModel;
import emostream.model.ModelInfo;
import emostream.model.ModelInput;
import emostream.model.Prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unit-test stand-in for the ONNX model: a deterministic function of the input (so chunking and replays can be
 * compared), with the real contract's shapes. Only for tests of the pipeline's own logic.
 */
final class FakeModel implements EmotionModel {

    static final List<String> LABELS = List.of("neutral", "anger", "happiness", "sadness");

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger windows = new AtomicInteger();
    final AtomicInteger withText = new AtomicInteger();
    private final ModelInfo info;

    FakeModel(int textDim) {
        this.info = new ModelInfo("fake-v1", LABELS, FeatureConfig.DEFAULT, textDim, Map.of());
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public List<Prediction> predict(List<ModelInput> batch) {
        calls.incrementAndGet();
        List<Prediction> out = new ArrayList<>();
        for (ModelInput in : batch) {
            windows.incrementAndGet();
            if (in.spec3d().length != FeatureConfig.DEFAULT.spec3dLength()) {
                throw new IllegalArgumentException("bad spec3d length " + in.spec3d().length);
            }
            double mean = 0;
            for (float v : in.spec3d()) {
                mean += v;
            }
            mean /= in.spec3d().length;
            float[] audio = softmax(new double[] {mean, -mean, Math.sin(mean), Math.cos(mean)});
            float[] text = null;
            float[] fused = audio;
            if (in.hasText()) {
                withText.incrementAndGet();
                text = softmax(new double[] {0, 3, 0, 0});
                fused = softmax(new double[] {audio[0] + text[0], audio[1] + text[1], audio[2] + text[2], audio[3] + text[3]});
            }
            out.add(new Prediction(fused, audio, text));
        }
        return out;
    }

    private static float[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        float[] p = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            sum += Math.exp(z[i] - max);
        }
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) (Math.exp(z[i] - max) / sum);
        }
        return p;
    }

    @Override
    public void close() {
    }
}
