package emostream.features;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpeakerStatsTest {

    private static final int ROWS = 6; // 3 channels x 2 bands
    private static final int FRAMES = 50;

    private static SpeakerNorm norm(double prior) {
        return new SpeakerNorm(new float[] {-5, -4, 0, 0, 0, 0}, new float[] {2, 2, 1, 1, 0.5f, 0.5f},
                new float[] {3, 1}, new float[] {1, 2}, prior, 0);
    }

    /** A speaker whose every row is shifted by {@code shift} and scaled by {@code scale} relative to the global ones. */
    private static float[] window(SpeakerNorm n, Random r, float shift, float scale) {
        float[] w = new float[ROWS * FRAMES];
        for (int row = 0; row < ROWS; row++) {
            for (int t = 0; t < FRAMES; t++) {
                w[row * FRAMES + t] = n.specMean()[row] + shift + scale * n.specStd()[row] * (float) r.nextGaussian();
            }
        }
        return w;
    }

    @Test
    void emptyStatsLeaveWindowsAsTheyAre() {
        SpeakerStats s = norm(10).newStats();
        float[] w = window(norm(10), new Random(1), 3, 2);
        assertArrayEquals(w, s.normaliseSpec(w), 1e-4f);
        assertArrayEquals(new float[] {7, -1}, s.normaliseAcoustic(new float[] {7, -1}), 1e-5f);
        assertEquals(0, s.ownWeight());
    }

    @Test
    void aWellKnownSpeakerLandsOnTheGlobalStatistics() {
        SpeakerNorm n = norm(10);
        SpeakerStats s = n.newStats();
        Random r = new Random(2);
        float[][] ws = new float[400][];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = window(n, r, 3, 2);
            s.add(ws[i], new float[] {10 + (float) r.nextGaussian(), 1});
        }
        double[] sum = new double[ROWS];
        double[] sq = new double[ROWS];
        for (float[] w : ws) {
            float[] z = s.normaliseSpec(w);
            for (int row = 0; row < ROWS; row++) {
                for (int t = 0; t < FRAMES; t++) {
                    double v = z[row * FRAMES + t];
                    sum[row] += v;
                    sq[row] += v * v;
                }
            }
        }
        int count = ws.length * FRAMES;
        for (int row = 0; row < ROWS; row++) {
            double mean = sum[row] / count;
            double sd = Math.sqrt(sq[row] / count - mean * mean);
            // the prior (10 of 410 windows) pulls a little toward the speaker's raw values
            assertEquals(n.specMean()[row], mean, 0.15 * n.specStd()[row], "row " + row);
            assertEquals(n.specStd()[row], sd, 0.12 * n.specStd()[row], "row " + row);
        }
        assertEquals(3, s.normaliseAcoustic(new float[] {10, 1})[0], 0.3);
        assertEquals(400 / 410.0, s.ownWeight(), 1e-9);
    }

    @Test
    void metadataRoundTrips() {
        SpeakerNorm n = norm(12.5).withHorizon(300);
        Map<String, String> m = n.toMetadata();
        SpeakerNorm back = SpeakerNorm.fromMetadata(m);
        assertArrayEquals(n.specMean(), back.specMean());
        assertArrayEquals(n.specStd(), back.specStd());
        assertArrayEquals(n.acMean(), back.acMean());
        assertArrayEquals(n.acStd(), back.acStd());
        assertEquals(12.5, back.priorWindows());
        assertEquals(300, back.horizon());
        assertNull(SpeakerNorm.fromMetadata(Map.of("labels", "a,b")));
        assertThrows(IllegalArgumentException.class, () -> SpeakerNorm.fromMetadata(Map.of("speaker_norm", "magic")));
        Map<String, String> broken = new java.util.HashMap<>(m);
        broken.put("speaker_norm.spec_std", "1,x");
        assertThrows(IllegalArgumentException.class, () -> SpeakerNorm.fromMetadata(broken));
    }

    @Test
    void aConstantBandDoesNotExplode() {
        SpeakerNorm n = norm(0);
        SpeakerStats s = n.newStats();
        float[] flat = new float[ROWS * FRAMES];
        Arrays.fill(flat, -5f);
        s.add(flat, new float[] {3, 1});
        for (float v : s.normaliseSpec(flat)) {
            assertEquals(false, Float.isNaN(v) || Float.isInfinite(v));
        }
    }
}
