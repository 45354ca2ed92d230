package emostream.audio;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {

    @Test
    void oneKilohertzToneKeepsItsPitchAndLengthFromEveryCommonRate() {
        // 44056 and 11111 Hz have too many phases for a table: their filter rows are interpolated
        for (int rate : new int[] {8000, 11025, 22050, 24000, 32000, 44100, 48000, 96000, 44056, 11111}) {
            int n = rate * 3 / 2;  // 1.5 s
            float[] out = Resampler.resample(Signals.tone(1000, rate, n, 0.5), rate, 16000);
            assertEquals(24000, out.length, "length from " + rate);
            assertEquals(1000, Signals.peakHz(Arrays.copyOfRange(out, 800, 23200), 16000), 5, "pitch from " + rate);
            // amplitude preserved in the passband (0.5 peak -> 0.354 rms), away from the edges
            assertEquals(0.3536, Signals.rms(out, 800, 23200), 0.005, "level from " + rate);
        }
    }

    @Test
    void outputLengthIsCeilingOfScaledInputLength() {
        assertEquals(2, Resampler.resample(new float[3], 44100, 16000).length);
        assertEquals(0, Resampler.resample(new float[0], 44100, 16000).length);
        assertEquals(1, Resampler.resample(new float[1], 48000, 16000).length);
        assertEquals(32000, Resampler.resample(new float[44100], 22050, 16000).length);
        assertEquals(7, Resampler.resample(new float[7], 16000, 16000).length);
    }

    @Test
    void chunkedInputGivesExactlyTheOneShotOutput() {
        Random rnd = new Random(1);
        for (int rate : new int[] {8000, 22050, 44100, 48000, 44056}) {
            float[] in = new float[rate];
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) (0.3 * Math.sin(i * 0.01) + 0.1 * rnd.nextGaussian());
            }
            float[] whole = Resampler.resample(in, rate, 16000);
            Resampler r = new Resampler(rate, 16000);
            float[] parts = new float[whole.length];
            int n = 0;
            int p = 0;
            while (p < in.length) {
                int len = Math.min(in.length - p, rnd.nextInt(700));
                float[] o = r.process(in, p, len);
                System.arraycopy(o, 0, parts, n, o.length);
                n += o.length;
                p += len;
            }
            float[] tail = r.flush();
            System.arraycopy(tail, 0, parts, n, tail.length);
            assertEquals(whole.length, n + tail.length, "length at " + rate);
            assertArrayEquals(whole, parts, "chunked at " + rate);
        }
    }

    @Test
    void frequenciesAboveTheNewNyquistAreRemovedNotFoldedBack() {
        // 12 kHz at 44.1 kHz would alias to 4 kHz at 16 kHz without the anti-aliasing filter
        float[] out = Resampler.resample(Signals.tone(12000, 44100, 44100, 0.9), 44100, 16000);
        double reference = Signals.power(Signals.tone(4000, 16000, 14000, 0.9), 16000, 4000);
        double aliased = Signals.power(Arrays.copyOfRange(out, 1000, 15000), 16000, 4000);
        assertTrue(10 * Math.log10(aliased / reference) < -70, "alias at -" + 10 * Math.log10(reference / aliased) + " dB");
        // the same through the interpolated-row path: 12 kHz at 44,056 Hz would also fold to 4 kHz
        float[] odd = Resampler.resample(Signals.tone(12000, 44056, 44056, 0.9), 44056, 16000);
        double oddAlias = Signals.power(Arrays.copyOfRange(odd, 1000, 15000), 16000, 4000);
        assertTrue(10 * Math.log10(oddAlias / reference) < -70, "alias at -" + 10 * Math.log10(reference / oddAlias) + " dB");
    }

    @Test
    void noClickAtChunkBoundaries() {
        // a steady tone fed in 10 ms chunks must stay a steady tone: sample-to-sample steps stay small
        int rate = 44100;
        float[] in = Signals.tone(440, rate, rate, 0.8);
        Resampler r = new Resampler(rate, 16000);
        float[] out = new float[16000];
        int n = 0;
        for (int p = 0; p < in.length; p += 441) {
            float[] o = r.process(in, p, Math.min(441, in.length - p));
            System.arraycopy(o, 0, out, n, o.length);
            n += o.length;
        }
        double maxStep = 0;
        for (int i = 200; i < n - 1; i++) {
            maxStep = Math.max(maxStep, Math.abs(out[i + 1] - out[i]));
        }
        // a 440 Hz sine of amplitude 0.8 at 16 kHz moves at most 2*pi*440/16000*0.8 = 0.138 per sample
        assertTrue(maxStep < 0.145, "max step " + maxStep);
    }
}
