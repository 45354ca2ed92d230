package emostream.vad;

import emostream.RealParts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Silero files (fetched by the build into target/vad) through the real ONNX Runtime. */
class SileroModelTest {

    static Path file(String version) {
        Path p = Path.of("target/vad/silero_vad_" + version + ".onnx").toAbsolutePath();
        RealParts.require(Files.isRegularFile(p), "no Silero VAD model at " + p + " (mvn generate-resources fetches it)");
        return p;
    }

    /** A deterministic voiced-like test signal: 120 Hz harmonics under a 4 Hz envelope, with a little hiss. */
    static float signal(int n) {
        double s = 0;
        double t = n / 16_000.0;
        for (int h = 1; h <= 20; h++) {
            s += Math.sin(2 * Math.PI * 120 * h * t + h) / h;
        }
        double am = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
        double hiss = ((n * 7919L) % 1000) / 1000.0 - 0.5;
        return (float) (0.1 * am * s + 0.002 * hiss);
    }

    /**
     * Frame probabilities computed independently: the same files and signal through onnxruntime-node 1.20.1 (a
     * separate build of ONNX Runtime, called from JavaScript with the interface vad-web uses: 64 samples of
     * context, state [2,1,128] from zeros, sr 16000).
     */
    private static final double[] V5 = {0.47655194997787476, 0.3803952932357788, 0.30029815435409546, 0.22864526510238647,
            0.547432541847229, 0.8462680578231812, 0.7157503366470337, 0.7405703067779541};
    private static final double[] V6 = {0.2879747152328491, 0.3880155384540558, 0.16206887364387512, 0.07258498668670654,
            0.11810648441314697, 0.23293977975845337, 0.18170613050460815, 0.08916866779327393};

    @Test
    void framesMatchAnIndependentRuntime() {
        for (String v : new String[] {"v5", "v6"}) {
            double[] expected = v.equals("v5") ? V5 : V6;
            try (SileroModel m = SileroModel.load(file(v))) {
                SileroModel.State s = m.newState();
                float[] frame = new float[SileroModel.FRAME];
                for (int f = 0; f < expected.length; f++) {
                    for (int i = 0; i < frame.length; i++) {
                        frame[i] = signal(f * SileroModel.FRAME + i);
                    }
                    assertEquals(expected[f], m.probability(s, frame, 0), 1e-4, v + " frame " + f);
                }
            }
        }
    }

    @Test
    void aMissingOrWrongFileIsOneClearError(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.onnx");
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> SileroModel.load(missing));
        assertTrue(a.getMessage().contains(missing.toString()) && a.getMessage().contains("vad.engine=energy"), a.getMessage());

        Path corrupt = Files.write(dir.resolve("corrupt.onnx"), "not a model".getBytes());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> SileroModel.load(corrupt));
        assertTrue(b.getMessage().contains(corrupt.toString()) && b.getMessage().contains("not a valid ONNX model"), b.getMessage());

        byte[] good = Files.readAllBytes(file("v5"));
        Path truncated = Files.write(dir.resolve("truncated.onnx"), java.util.Arrays.copyOf(good, good.length / 3));
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> SileroModel.load(truncated));
        assertTrue(c.getMessage().contains(truncated.toString()), c.getMessage());

        // a valid ONNX model that is not Silero: the emotion model's text encoder
        Path other = Path.of("target/minilm/all-minilm-l6-v2.onnx");
        if (Files.isRegularFile(other)) {
            IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> SileroModel.load(other));
            assertTrue(d.getMessage().contains("is not Silero VAD"), d.getMessage());
        }
    }
}
