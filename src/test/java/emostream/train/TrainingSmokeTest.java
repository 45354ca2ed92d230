package emostream.train;

import ai.djl.ndarray.NDManager;
import emostream.features.FeatureConfig;
import emostream.model.ModelInput;
import emostream.model.OnnxEmotionModel;
import emostream.model.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny end-to-end training run (a few synthetic clips and texts, 2 epochs) → checkpoint → ONNX → ORT. */
class TrainingSmokeTest {

    static final List<String> LABELS = List.of("neutral", "happiness", "anger");
    static final float[] PITCH = {120f, 260f, 400f};
    static final String[][] TEXTS = {
            {"the meeting is at noon", "please pass the salt", "it is on the table"},
            {"this is wonderful, thank you!", "i love it so much", "what a great day"},
            {"get out of my room now", "i am sick of this", "stop lying to me"}};

    @TempDir
    Path tmp;

    static void writeWav(Path file, float[] x, int rate) throws Exception {
        byte[] b = new byte[x.length * 2];
        for (int i = 0; i < x.length; i++) {
            short s = (short) Math.round(Math.max(-1, Math.min(1, x[i])) * 32767);
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat f = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b), f, x.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    List<Example> clips(String speaker, int perLabel, Random r) throws Exception {
        List<Example> out = new ArrayList<>();
        for (int y = 0; y < LABELS.size(); y++) {
            for (int k = 0; k < perLabel; k++) {
                int rate = k % 2 == 0 ? 16_000 : 22_050; // resampling path too
                int n = (int) (rate * (0.8 + 1.6 * r.nextDouble())); // shorter and longer than a window
                float[] x = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = (float) (0.3 * Math.sin(2 * Math.PI * PITCH[y] * i / rate) + 0.02 * r.nextGaussian());
                }
                Path f = tmp.resolve(speaker + "_" + y + "_" + k + ".wav");
                writeWav(f, x, rate);
                out.add(new Example(f.getFileName().toString(), "synth", speaker, LABELS.get(y), f, null));
            }
        }
        return out;
    }

    static List<Example> texts(String split) {
        List<Example> out = new ArrayList<>();
        for (int y = 0; y < LABELS.size(); y++) {
            for (String t : TEXTS[y]) {
                out.add(new Example(split + t.hashCode(), "text", "", LABELS.get(y), null, t));
            }
        }
        return out;
    }

    @Test
    void trainsExportsAndServes() throws Exception {
        Random r = new Random(3);
        List<Example> train = new ArrayList<>(clips("s1", 3, r));
        train.addAll(clips("s2", 3, r));
        Path broken = tmp.resolve("broken.wav");
        Files.writeString(broken, "not audio at all");
        train.add(new Example("broken", "synth", "s1", "anger", broken, null));
        List<Example> val = clips("s3", 2, r);
        List<Example> test = clips("s4", 2, r);

        FeatureConfig fc = FeatureConfig.DEFAULT.withAcoustic(List.of("egemaps"));
        TrainingRun.Options d = TrainingRun.Options.defaults(LABELS, fc, tmp.resolve("cache"));
        Fitter.Settings quick = new Fitter.Settings(2, 2, 8, 1e-3f, 0f, 1);
        TrainingRun.Options opt = new TrainingRun.Options(LABELS, fc, 8000, tmp.resolve("cache"), 1, true, true,
                quick, quick, quick, quick, d.augment(), true, true, true,
                new int[] {8, 16, 16, 16, 32}, new int[] {32, 16}, 16, 8, 0.2f, 10, d.vad(), 1, true);
        TrainingRun.Inputs in = new TrainingRun.Inputs(train, val, test, texts("train"), texts("dev"), texts("test"));

        Path ckpt = tmp.resolve("ckpt");
        Path onnx = tmp.resolve("model.onnx");
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingRun.Outcome out = TrainingRun.run(in, opt, m);
            try (EmotionNet net = out.net()) {
                assertTrue(out.results().containsKey("audio"));
                assertTrue(out.results().containsKey("text"));
                assertTrue(out.results().containsKey("fusion"));
                Checkpoint.save(ckpt, net, out.provenance(), out.results());
            }
            // export from the checkpoint, as `export` does
            try (EmotionNet loaded = Checkpoint.load(ckpt, m)) {
                OnnxExporter.write(loaded, Checkpoint.exportMetadata(Checkpoint.meta(ckpt)), onnx);
            }
        }
        try (OnnxEmotionModel model = OnnxEmotionModel.load(onnx, 1)) {
            assertEquals(LABELS, model.info().labels());
            assertTrue(model.info().metadata().get("train.results").contains("audio"));
            Prediction p = model.predict(new ModelInput(new float[FeatureConfig.DEFAULT.spec3dLength()],
                    new float[model.acousticDim()], null));
            assertEquals(3, p.fused().length);
            float sum = 0;
            for (float v : p.fused()) {
                sum += v;
            }
            assertEquals(1f, sum, 1e-4f);
        }
        // a second run reads every clip from the cache
        FeatureCache again = new FeatureCache(fc, 8000, tmp.resolve("cache"));
        again.load(train.get(0), 0, new AudioSet());
        assertEquals(1, again.hits());
        FeatureCache bad = new FeatureCache(fc, 8000, tmp.resolve("cache"));
        assertTrue(!bad.load(train.get(train.size() - 1), 2, new AudioSet()));
        assertEquals(1, bad.skipped());
    }
}
