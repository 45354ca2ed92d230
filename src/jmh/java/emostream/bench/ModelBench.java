package emostream.bench;

import emostream.model.ModelInput;
import emostream.model.OnnxEmotionModel;
import emostream.model.Prediction;
import emostream.text.MiniLmEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The emotion model in ONNX Runtime on one thread: the audio CNN alone (no transcript: {@code text_present = 0})
 * and fused (with a MiniLM embedding), one window per call or a batch of windows from many streams per call.
 * Divide by the batch for the cost of one window.
 */
@State(Scope.Thread)
public class ModelBench {

    @Param({"1", "4", "16"})
    public int batch;

    private OnnxEmotionModel model;
    private List<ModelInput> audioOnly;
    private List<ModelInput> fused;

    @Setup
    public void setup() throws IOException {
        model = BenchInputs.model();
        float[] speech = BenchInputs.speech(30);
        emostream.features.Spec3dExtractor x = new emostream.features.Spec3dExtractor(model.info().features());
        float[] text;
        try (MiniLmEncoder enc = new MiniLmEncoder(1)) {
            text = enc.encode("I told you this would happen and you did not listen to me");
        }
        audioOnly = new ArrayList<>();
        fused = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            float[] spec = x.extract(speech, i * 8_000);
            audioOnly.add(BenchInputs.input(spec, model.acousticDim(), null));
            fused.add(BenchInputs.input(spec, model.acousticDim(), text));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }

    /** The audio CNN: windows without a transcript. */
    @Benchmark
    public List<Prediction> audioCnn(CpuTime cpu) {
        cpu.start();
        List<Prediction> result = model.predict(audioOnly);
        cpu.stop();
        return result;
    }

    /** The fused model: windows with a transcript embedding (audio CNN + text head + fusion). */
    @Benchmark
    public List<Prediction> fused(CpuTime cpu) {
        cpu.start();
        List<Prediction> result = model.predict(fused);
        cpu.stop();
        return result;
    }
}
