package emostream.features;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareSetTest {

    private static final FeatureConfig COMPARE = FeatureConfig.DEFAULT.withAcoustic(List.of("compare"));

    /** A voiced glide with a syllable-rate loudness beat and a little noise: every descriptor has something to read. */
    private static float[] voice(int samples, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[samples];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double t = i / 16_000.0;
            phase += 2 * Math.PI * (140 + 30 * t) / 16_000;
            double beat = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
            double s = 0;
            for (int h = 1; h <= 10; h++) {
                s += Math.sin(h * phase) / h;
            }
            x[i] = (float) (0.15 * beat * s + 0.002 * rnd.nextGaussian());
        }
        return x;
    }

    @Test
    void aThousandsStrongSetWithUniqueNames() {
        DescriptorSet set = DescriptorSet.named("compare");
        assertTrue(set.dimension() > 1500, "compare values per window: " + set.dimension());
        assertEquals(set.dimension(), new HashSet<>(set.names()).size(), "names are unique");
        assertEquals(set.dimension(), AcousticStream.dimension(COMPARE));
        assertTrue(set.names().contains("aud13.speech.mean"));
        assertTrue(set.names().contains("loudness_de.speech.p10_90"));
        assertEquals(113, DescriptorSet.named("egemaps").dimension(), "the eGeMAPS-grade set is unchanged");
    }

    @Test
    void streamingGivesWhatTheClipGivesAndAVoiceFillsTheVector() {
        float[] audio = voice(16_000 * 4, 3);
        List<Integer> offsets = List.of(0, 8000, 16_000, 24_000, 32_000);
        List<float[]> clip = AcousticStream.clip(COMPARE, audio, offsets);
        AcousticStream stream = AcousticStream.create(COMPARE, 0, 2.0);
        Random rnd = new Random(5);
        int pos = 0;
        int w = 0;
        while (pos < audio.length) {
            int n = Math.min(1 + rnd.nextInt(2000), audio.length - pos);
            stream.push(audio, pos, n);
            pos += n;
            while (w < offsets.size() && stream.hasWindow(offsets.get(w))) {
                assertArrayEquals(clip.get(w), stream.window(offsets.get(w)), "window " + w);
                w++;
            }
        }
        assertEquals(offsets.size(), w);
        DescriptorSet set = DescriptorSet.named("compare");
        float[] v = clip.get(0);
        int missing = 0;
        for (float x : v) {
            missing += Float.isNaN(x) ? 1 : 0;
        }
        assertTrue(missing < v.length / 20, missing + " of " + v.length + " values missing on a voiced window");
        float slope = v[set.names().indexOf("f0_st.voiced.linreg_slope")];
        assertTrue(slope > 1 && slope < 6, "a 140→200 Hz glide rises ~1.5 semitones per second here: " + slope);
        float peaks = v[set.names().indexOf("loudness.speech.peaks_per_s")];
        assertTrue(peaks > 2.5 && peaks < 5.5, "a 4 Hz loudness beat: " + peaks);
    }

    @Test
    void functionalsOfKnownContours() {
        int n = 101;
        double[] line = new double[n];
        double[] arc = new double[n];
        int[] frames = new int[n];
        double[] scratch = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i * Functional.FRAME_SECONDS;
            frames[i] = i;
            line[i] = 3 + 2 * t;
            arc[i] = -4 * (t - 0.5) * (t - 0.5);
        }
        assertEquals(2, Regression.SLOPE.apply(line, frames, n, scratch), 1e-9);
        assertEquals(0, Regression.ERROR.apply(line, frames, n, scratch), 1e-9);
        assertEquals(-4, Regression.CURVATURE.apply(arc, frames, n, scratch), 1e-6);
        assertEquals(0, ShapeMoments.SKEWNESS.apply(line, frames, n, scratch), 1e-9, "a ramp is symmetric");
        assertEquals(1.8, ShapeMoments.KURTOSIS.apply(line, frames, n, scratch), 0.01, "a uniform spread: 9/5");
        assertEquals(0.49, LevelTimes.UP50.apply(line, frames, n, scratch), 0.02);
    }
}
