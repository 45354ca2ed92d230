package emostream.bench;

import emostream.config.Config;
import emostream.model.ModelInput;
import emostream.model.OnnxEmotionModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the JMH benchmarks run on: the shipped model ({@code model.path}, or {@code -Demostream.bench.model}), the
 * Vosk model ({@code asr.model}) and real speech, the same espeak-ng sentences the stream benchmark uses.
 */
final class BenchInputs {

    private BenchInputs() {
    }

    static Path modelPath() {
        String p = System.getProperty("emostream.bench.model");
        return p != null ? Path.of(p) : Config.defaults().path("model.path");
    }

    static Path voskPath() {
        return Config.defaults().path("asr.model");
    }

    /** The ONNX model with one intra-op thread: the per-core cost. */
    static OnnxEmotionModel model() {
        return OnnxEmotionModel.load(modelPath(), 1);
    }

    /** {@code seconds} of continuous speech with pauses, as a stream carries it. */
    static float[] speech(double seconds) throws IOException {
        List<float[]> clips = SpeechCorpus.load(SpeechCorpus.espeak(Config.home().resolve("target/bench/speech")), 200);
        return SpeechCorpus.compose(clips, 0, seconds);
    }

    /** An audio-only (no transcript) input; {@code text != null} makes it a fused input. */
    static ModelInput input(float[] spec3d, int acousticDim, float[] text) {
        return new ModelInput(spec3d, new float[acousticDim], text);
    }
}
