package emostream.audio.noise;

import java.util.SplittableRandom;

/**
 * Pink (1/f) noise: equal power per octave, like the broadband rumble of a room, traffic or a crowd far away; more
 * of its power falls in the speech band's low half than white noise's. White noise through a bank of first-order
 * low-pass filters with poles a factor 3 apart, each weighted by 1/sqrt(pole): their sum falls 3 dB per octave
 * (within 0.5 dB up to 3 kHz, 2 dB at 8 kHz).
 */
public final class PinkNoise implements NoiseSource {

    private static final double[] POLES = {2, 6, 18, 54, 160, 480, 1440, 4300, 13_000}; // Hz
    private final SplittableRandom random;
    private final double[] a = new double[POLES.length];
    private final double[] gain = new double[POLES.length];
    private final double[] y = new double[POLES.length];

    public PinkNoise(long seed) {
        this.random = new SplittableRandom(seed);
        for (int k = 0; k < POLES.length; k++) {
            a[k] = Math.exp(-2 * Math.PI * POLES[k] / 16_000);
            // a one-pole low-pass has DC gain 1/(1-a): normalise it, then 1/sqrt(pole) makes the shelves 1/f-wise
            gain[k] = (1 - a[k]) / Math.sqrt(POLES[k] / POLES[0]);
        }
        for (int i = 0; i < 16_000; i++) { // settle the filters
            step();
        }
    }

    @Override
    public void fill(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) step();
        }
    }

    private double step() {
        double w = WhiteNoise.gaussian(random);
        double sum = 0;
        for (int k = 0; k < POLES.length; k++) {
            y[k] = a[k] * y[k] + w;
            sum += gain[k] * y[k];
        }
        return sum;
    }
}
