package emostream.vad;

import emostream.RealParts;
import emostream.SpeechSynth;
import emostream.audio.AudioFiles;
import emostream.audio.noise.HumNoise;
import emostream.audio.noise.NoiseMixer;
import emostream.audio.noise.NoiseSource;
import emostream.audio.noise.PinkNoise;
import emostream.audio.noise.WhiteNoise;
import emostream.eval.VadNoiseCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Silero gate with the real model and ONNX Runtime on real human speech (RAVDESS clips of one actor, laid end to
 * end with pauses, as a live stream), in generated noise at an SNR against the active speech level.
 */
class SileroGateTest {

    private static final int WINDOW = 32_000;
    private static final int HOP = 8_000;
    private static SileroModel model;
    private static float[] talk;

    @BeforeAll
    static void load() throws IOException {
        model = SileroModel.load(SileroModelTest.file("v5"));
        Path flac = Path.of(System.getProperty("emostream.data", "../shared/data"), "ravdess_actors_01_12", "flac");
        RealParts.require(Files.isDirectory(flac), "no RAVDESS clips at " + flac.toAbsolutePath());
        // actor 03: neutral, calm and angry clips, a second of silence between them
        List<String> clips = List.of("03-01-01-01-01-01-03", "03-01-02-01-02-02-03", "03-01-05-02-01-01-03",
                "03-01-03-01-02-01-03", "03-01-04-02-01-02-03", "03-01-06-01-01-01-03");
        float[] all = new float[0];
        for (String c : clips) {
            float[] x = AudioFiles.read(flac.resolve(c + ".flac"));
            float[] next = java.util.Arrays.copyOf(all, all.length + x.length + 16_000);
            System.arraycopy(x, 0, next, all.length, x.length);
            all = next;
        }
        talk = all;
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    private static final VadSettings SILERO = VadSettings.DEFAULT;
    private final VadNoiseCheck check = new VadNoiseCheck(WINDOW, HOP);

    private boolean[] windows(VadSettings s, float[] pcm) {
        return check.verdicts(pcm, SpeechGates.open(s, model, 0, WINDOW));
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    /** Of the windows that are speech in {@code clean}, the share still speech in {@code noisy}. */
    private static double kept(boolean[] clean, boolean[] noisy) {
        int ref = 0;
        int kept = 0;
        for (int w = 0; w < clean.length; w++) {
            if (clean[w]) {
                ref++;
                kept += noisy[w] ? 1 : 0;
            }
        }
        return kept / (double) ref;
    }

    @Test
    void cleanSpeechFindsNoFewerWindowsThanTheEnergyGate() {
        boolean[] energy = windows(VadSettings.ENERGY, talk);
        boolean[] silero = windows(SILERO, talk);
        assertTrue(count(energy) > 10, "the stream has speech: " + count(energy));
        assertEquals(1.0, kept(energy, silero), 1e-9, "every window the energy gate calls speech");
        assertTrue(count(silero) < silero.length, "and the pauses stay silence");
    }

    @Test
    void speechInNoiseStaysSpeech() {
        boolean[] clean = windows(VadSettings.ENERGY, talk); // the speech windows today's gate finds in the clean stream
        double[] snr = {20, 10, 5};
        double[] floorSilero = {0.98, 0.9, 0.75};   // the targets
        for (int i = 0; i < snr.length; i++) {
            float[] noisy = NoiseMixer.mix(talk, new PinkNoise(3), snr[i]);
            double silero = kept(clean, windows(SILERO, noisy));
            double energy = kept(clean, windows(VadSettings.ENERGY, noisy));
            assertTrue(silero >= floorSilero[i], "pink " + snr[i] + " dB: Silero keeps " + silero + " (energy " + energy + ")");
            assertTrue(silero >= energy, "pink " + snr[i] + " dB: Silero " + silero + " < energy " + energy);
        }
    }

    @Test
    void noiseAloneIsNotSpeech() {
        NoiseSource[] noises = {new PinkNoise(1), new WhiteNoise(2), new HumNoise(3, 50)};
        for (NoiseSource n : noises) {
            float[] pcm = NoiseMixer.add(new float[30 * 16_000], n, -20);
            boolean[] w = windows(SILERO, pcm);
            assertTrue(count(w) <= w.length * 0.05, n.getClass().getSimpleName() + ": " + count(w) + " of " + w.length);
        }
        // digital silence never reaches the model
        SileroGate gate = new SileroGate(SILERO, model, 0, WINDOW);
        gate.push(new float[WINDOW], 0, WINDOW);
        assertEquals(0, gate.modelFrames());
        assertTrue(!gate.judge(0, WINDOW).speech());
    }

    @Test
    void aShortWordAfterSilenceIsNotCut(@TempDir Path dir) throws Exception {
        float[] word = AudioFiles.read(SpeechSynth.say("yes", dir.resolve("yes.wav")));
        float[] pcm = new float[48_000 + word.length + 48_000];
        System.arraycopy(word, 0, pcm, 48_000, word.length);
        pcm = NoiseMixer.add(pcm, new PinkNoise(4), -65); // a quiet room, not digital silence
        SileroGate gate = new SileroGate(SILERO, model, 0, WINDOW);
        gate.push(pcm, 0, pcm.length);
        int onset = firstLoud(word) + 48_000;
        // the word's own span is speech, its first 50 ms included
        assertTrue(gate.judge(onset, onset + 800).voiced() > 0.99, "onset: " + gate.judge(onset, onset + 800));
        assertTrue(gate.judge(48_000, 48_000 + word.length).voiced() > 0.5, gate.judge(48_000, 48_000 + word.length).toString());
        assertTrue(gate.judge(0, 32_000).voiced() == 0, "the silence before");
        boolean[] w = windows(SILERO, pcm);
        assertTrue(count(w) >= 1, "a 0.4 s word makes a speech window");
    }

    private static int firstLoud(float[] x) {
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) > 0.1 * peak) {
                return i;
            }
        }
        return 0;
    }

    @Test
    void liveChunksOfAnySizeGiveTheSameVerdicts() {
        float[] noisy = NoiseMixer.mix(talk, new PinkNoise(5), 10);
        boolean[] whole = windows(SILERO, noisy);
        SileroGate gate = new SileroGate(SILERO, model, 0, WINDOW);
        boolean[] chunked = new boolean[whole.length];
        int fed = 0;
        for (int w = 0; w < whole.length; w++) {
            int end = w * HOP + WINDOW;
            while (fed < end) { // 10 ms, 37 ms and 100 ms pieces, as microphones and sockets deliver
                int n = Math.min(end - fed, new int[] {160, 592, 1600}[w % 3]);
                gate.push(noisy, fed, n);
                fed += n;
            }
            chunked[w] = gate.judge((long) w * HOP, end).speech();
        }
        assertTrue(java.util.Arrays.equals(whole, chunked));
    }
}
