package emostream.audio.noise;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseTest {

    /** Mean power near {@code hz}: a windowless DFT bin averaged over 2048-sample blocks. */
    private static double bandPower(float[] x, double hz) {
        int n = 2048;
        double sum = 0;
        int blocks = 0;
        for (int off = 0; off + n <= x.length; off += n, blocks++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                double a = 2 * Math.PI * hz * i / 16_000;
                re += x[off + i] * Math.cos(a);
                im -= x[off + i] * Math.sin(a);
            }
            sum += (re * re + im * im) / n;
        }
        return sum / blocks;
    }

    private static double db(double ratio) {
        return 10 * Math.log10(ratio);
    }

    private static float[] tone(double hz, int n, double amp) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / 16_000));
        }
        return x;
    }

    @Test
    void pinkNoiseFallsThreeDecibelsPerOctave() {
        float[] x = new PinkNoise(1).next(16_000 * 20);
        // 250 Hz to 2 kHz is three octaves: about -9 dB
        double slope = db(bandPower(x, 2_000) / bandPower(x, 250));
        assertEquals(-9, slope, 2.0);
        float[] w = new WhiteNoise(1).next(16_000 * 20);
        assertEquals(0, db(bandPower(w, 2_000) / bandPower(w, 250)), 1.5);
    }

    @Test
    void mixingHitsTheSnrAgainstTheActiveSpeechLevel() {
        // "speech": a tone burst for 1 s of every 3, silence between; the active level ignores the silence
        float[] speech = new float[16_000 * 9];
        for (int s = 0; s < 3; s++) {
            System.arraycopy(tone(220, 16_000, 0.3), 0, speech, s * 48_000, 16_000);
        }
        assertEquals(10 * Math.log10(0.045), SpeechLevel.activeDb(speech), 0.2);
        float[] mixed = NoiseMixer.mix(speech, new PinkNoise(2), 10);
        float[] noise = new float[speech.length];
        for (int i = 0; i < speech.length; i++) {
            noise[i] = mixed[i] - speech[i];
        }
        assertEquals(10, SpeechLevel.activeDb(speech) - 10 * Math.log10(SpeechLevel.power(noise, 0, noise.length)), 0.01);
    }

    @Test
    void theTelephoneChannelKeepsTheVoiceBandOnly() {
        TelephoneChannel phone = new TelephoneChannel();
        double pass = SpeechLevel.power(phone.apply(tone(1_000, 32_000, 0.5), 0), 8_000, 16_000) / 0.125;
        double high = SpeechLevel.power(phone.apply(tone(5_000, 32_000, 0.5), 0), 8_000, 16_000) / 0.125;
        double low = SpeechLevel.power(phone.apply(tone(80, 32_000, 0.5), 0), 8_000, 16_000) / 0.125;
        assertEquals(0, db(pass), 1.5);
        assertTrue(db(high) < -30, "5 kHz: " + db(high));
        assertTrue(db(low) < -15, "80 Hz: " + db(low));
        assertEquals(0.5f, TelephoneChannel.muLaw(0.5f), 0.02f);
    }

    @Test
    void reverberationKeepsTheLevelAndAddsATail() {
        float[] burst = new float[32_000];
        System.arraycopy(tone(440, 4_000, 0.5), 0, burst, 0, 4_000);
        float[] wet = new RoomReverb(0.6).apply(burst, 0);
        assertEquals(SpeechLevel.power(burst, 0, burst.length), SpeechLevel.power(wet, 0, wet.length), 1e-6);
        double tail = SpeechLevel.power(wet, 4_800, 1_600);   // 50-150 ms after the burst ended
        double late = SpeechLevel.power(wet, 20_000, 1_600);  // ~1 s later: decayed by far more than 20 dB
        assertTrue(tail > 1e-5, "a tail: " + tail);
        assertTrue(db(late / tail) < -20, "it decays: " + db(late / tail));
    }

    @Test
    void specsParseOrSayWhatIsAccepted() {
        assertEquals("pink:10", Degradation.parse("pink:10").name());
        assertEquals("phone", Degradation.parse(" Phone ").name());
        assertEquals("reverb:0.50", Degradation.parse("reverb:0.5").name());
        for (String bad : List.of("pink", "pink:loud", "reverb:9", "radio")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Degradation.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("phone"), e.getMessage());
        }
    }

    @Test
    void brownNoiseFallsSixDecibelsPerOctave() {
        float[] x = new BrownNoise(3).next(16_000 * 8);
        double slope = db(bandPower(x, 1000) / bandPower(x, 250)) / 2;   // per octave
        assertEquals(-6, slope, 1.5, "brown noise slope " + slope);
    }

    @Test
    void chainsApplyInOrderAndGainClipsAtFullScale() {
        Degradation d = Degradation.parse("reverb:0.4+pink:10+gain:-6+phone");
        assertEquals("reverb:0.40+pink:10+gain:-6+phone", d.name());
        float[] speech = tone(440, 16_000, 0.3);
        float[] out = d.apply(speech, 1);
        assertEquals(speech.length, out.length, "the clip keeps its length");
        assertEquals(d.name(), Degradation.parse(d.name()).name(), "a chain's name parses back to itself");
        float[] loud = Degradation.parse("gain:20").apply(tone(440, 1600, 0.5), 1);
        for (float v : loud) {
            assertTrue(Math.abs(v) <= 1f, "clipped at full scale");
        }
        assertThrows(IllegalArgumentException.class, () -> Degradation.parse("pink:10+wobble"));
    }

    @Test
    void babbleNeedsSeveralVoices() {
        assertThrows(IllegalArgumentException.class, () -> new Babble(List.of(new float[16_000]), 1));
        float[] a = tone(200, 16_000, 0.1);
        float[] b = tone(300, 20_000, 0.4);
        float[] x = new Babble(List.of(a, b), 1).next(40_000);
        assertEquals(2, SpeechLevel.power(x, 0, x.length), 0.3); // two unit-power voices
    }
}
