package emostream.features;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturesTest {

    private static final FeatureConfig CONFIG = FeatureConfig.DEFAULT;

    static float[] tone(double hz, double amplitude, int samples) {
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / CONFIG.sampleRate()));
        }
        return x;
    }

    @Test
    void shapeIsThreeChannelsOfMelByFrames() {
        assertEquals(198, CONFIG.frames());
        float[] s = new Spec3dExtractor(CONFIG).extract(tone(440, 0.3, CONFIG.windowSamples()), 0);
        assertEquals(3 * 64 * 198, s.length);
    }

    @Test
    void toneLandsInTheMelBandAroundItsFrequency() {
        Spec3dExtractor ex = new Spec3dExtractor(CONFIG);
        for (double hz : new double[] {300, 1000, 3000, 6000}) {
            float[] s = ex.extract(tone(hz, 0.3, CONFIG.windowSamples()), 0);
            int best = 0;
            double bestEnergy = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < CONFIG.melBands(); m++) {
                double e = 0;
                for (int t = 0; t < CONFIG.frames(); t++) {
                    e += Spec3d.at(s, CONFIG, 0, m, t);
                }
                if (e > bestEnergy) {
                    bestEnergy = e;
                    best = m;
                }
            }
            // the loudest band is the one whose centre is nearest the tone
            int nearest = 0;
            for (int m = 1; m < CONFIG.melBands(); m++) {
                if (Math.abs(ex.bandCenterHz(m) - hz) < Math.abs(ex.bandCenterHz(nearest) - hz)) {
                    nearest = m;
                }
            }
            assertTrue(Math.abs(best - nearest) <= 1, hz + " Hz peaked in band " + best + " (" + ex.bandCenterHz(best)
                    + " Hz), expected band " + nearest + " (" + ex.bandCenterHz(nearest) + " Hz)");
        }
    }

    @Test
    void deltasOfASteadyToneAreNearZeroAndOfAGlideAreNot() {
        Spec3dExtractor ex = new Spec3dExtractor(CONFIG);
        float[] steady = ex.extract(tone(440, 0.3, CONFIG.windowSamples()), 0);
        double steadyDelta = meanAbs(steady, 1);
        double steadyAccel = meanAbs(steady, 2);
        assertTrue(steadyDelta < 0.005, "delta of a steady tone: " + steadyDelta);
        assertTrue(steadyAccel < 0.005, "delta-delta of a steady tone: " + steadyAccel);

        float[] glide = new float[CONFIG.windowSamples()];
        double phase = 0;
        for (int i = 0; i < glide.length; i++) {
            double hz = 200 + 3000.0 * i / glide.length;
            phase += 2 * Math.PI * hz / CONFIG.sampleRate();
            glide[i] = (float) (0.3 * Math.sin(phase));
        }
        double glideDelta = meanAbs(ex.extract(glide, 0), 1);
        assertTrue(glideDelta > 10 * steadyDelta, "glide " + glideDelta + " vs steady " + steadyDelta);
    }

    /**
     * Mean |value| of a channel over the bands that carry the signal (within 30 dB of the loudest band):
     * bands at the floor hold only window leakage, whose log wobbles and says nothing about the tone.
     */
    private static double meanAbs(float[] s, int channel) {
        double[] level = new double[CONFIG.melBands()];
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < CONFIG.melBands(); m++) {
            for (int t = 0; t < CONFIG.frames(); t++) {
                level[m] += Spec3d.at(s, CONFIG, 0, m, t) / CONFIG.frames();
            }
            max = Math.max(max, level[m]);
        }
        double sum = 0;
        int n = 0;
        for (int m = 0; m < CONFIG.melBands(); m++) {
            if (level[m] < max - Math.log(Math.pow(10, 1.5))) {
                continue;
            }
            for (int t = 0; t < CONFIG.frames(); t++) {
                sum += Math.abs(Spec3d.at(s, CONFIG, channel, m, t));
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void silenceIsFiniteAndFlat() {
        float[] s = new Spec3dExtractor(CONFIG).extract(new float[CONFIG.windowSamples()], 0);
        for (float v : s) {
            assertTrue(Float.isFinite(v));
        }
        assertEquals(Math.log(LogMel.EPSILON), Spec3d.at(s, CONFIG, 0, 10, 10), 1e-4);
    }

    @Test
    void streamingGivesExactlyWhatTheClipExtractorGives() {
        Random rnd = new Random(7);
        float[] audio = new float[16000 * 5 + 123];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (0.2 * rnd.nextGaussian() + 0.3 * Math.sin(i * 0.05));
        }
        Spec3dExtractor clip = new Spec3dExtractor(CONFIG);
        MelStream stream = new MelStream(CONFIG, 0, 2.0);
        int hop = 8000;
        long nextWindow = 0;
        int pos = 0;
        int windows = 0;
        while (pos < audio.length) {
            int n = Math.min(1 + rnd.nextInt(3000), audio.length - pos); // odd chunk sizes cross frame edges
            stream.push(audio, pos, n);
            pos += n;
            while (stream.hasWindow(nextWindow)) {
                assertArrayEquals(clip.extract(audio, (int) nextWindow), stream.window(nextWindow), "window at " + nextWindow);
                nextWindow += hop;
                windows++;
            }
        }
        assertEquals(7, windows); // starts 0, 0.5, ..., 3.0 s fit in 5 s
        assertEquals(audio.length, stream.position());
    }

    @Test
    void streamCanStartMidwayOnTheAbsoluteTimeline() {
        float[] audio = tone(523, 0.2, 16000 * 4);
        long start = 16000; // resume at 1 s
        MelStream stream = new MelStream(CONFIG, start, 1.0);
        stream.push(audio, (int) start, audio.length - (int) start);
        assertFalse(stream.hasWindow(0));
        assertTrue(stream.hasWindow(start));
        assertArrayEquals(new Spec3dExtractor(CONFIG).extract(audio, 24000), stream.window(24000));
        assertThrows(IllegalArgumentException.class, () -> new MelStream(CONFIG, 100, 1.0));
    }

    @Test
    void oldFramesAreForgotten() {
        MelStream stream = new MelStream(CONFIG, 0, CONFIG.frames());
        float[] audio = tone(300, 0.2, 16000 * 4);
        stream.push(audio, 0, audio.length);
        assertFalse(stream.hasWindow(0));
        assertThrows(IllegalStateException.class, () -> stream.window(0));
        assertTrue(stream.hasWindow(32000)); // the newest full window: 4 s of audio hold frames 0..397
        assertFalse(stream.hasWindow(32000 - 160));
    }

    @Test
    void yinFindsAKnownPitchAndEnergyMatchesTheLevel() {
        FeatureConfig cfg = CONFIG.withAcoustic(List.of("pitch", "energy", "zcr"));
        AcousticExtractor ex = new AcousticExtractor(cfg);
        assertEquals(11, ex.dimension());
        assertEquals(ex.dimension(), ex.names().size());
        float[] voice = new float[cfg.windowSamples()];
        for (int i = 0; i < voice.length; i++) { // 220 Hz with harmonics, like a voiced vowel
            double t = (double) i / cfg.sampleRate();
            voice[i] = (float) (0.1 * Math.sin(2 * Math.PI * 220 * t) + 0.05 * Math.sin(2 * Math.PI * 440 * t)
                    + 0.03 * Math.sin(2 * Math.PI * 660 * t));
        }
        float[] f = ex.extract(voice, 0);
        double expectedSt = 12 * Math.log(2.2) / Math.log(2);
        assertEquals(expectedSt, f[0], 0.3, "pitch mean in semitones re 100 Hz");
        assertTrue(f[1] < 0.3, "pitch std " + f[1]);
        assertEquals(1.0, f[4], 0.05, "voiced ratio");

        float[] sine = tone(1000, 0.1, cfg.windowSamples());
        float[] g = ex.extract(sine, 0);
        assertEquals(20 * Math.log10(0.1 / Math.sqrt(2)), g[5], 0.2, "energy mean dBFS");
        assertEquals(2 * 1000.0 / cfg.sampleRate(), g[9], 0.005, "zero crossings per sample");

        float[] silent = ex.extract(new float[cfg.windowSamples()], 0);
        assertEquals(0f, silent[4], "no voiced frames in silence");
        assertThrows(IllegalArgumentException.class, () -> new AcousticExtractor(CONFIG.withAcoustic(List.of("loudness"))));
    }

    @Test
    void clipWindowsCoverTheWholeClip() {
        assertEquals(List.of(0), ClipWindows.offsets(1000, 32000, 8000));
        assertEquals(List.of(0), ClipWindows.offsets(32000, 32000, 8000));
        assertEquals(List.of(0, 8000, 16000, 18000), ClipWindows.offsets(50000, 32000, 8000));
        assertEquals(32000, ClipWindows.fit(new float[100], 32000).length);
    }
}
