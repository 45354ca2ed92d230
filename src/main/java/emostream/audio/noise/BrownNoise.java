package emostream.audio.noise;

import java.util.SplittableRandom;

/**
 * Brown (red, 1/f²) noise: power falling 6 dB per octave, like ventilation, engine or wind rumble, whose energy sits
 * almost all below the voice's formants. Leaky-integrated white noise; the leak (pole at 20 Hz) keeps it from
 * drifting off at DC, which no microphone would pass anyway.
 */
public final class BrownNoise implements NoiseSource {

    private final SplittableRandom random;
    private final double leak = Math.exp(-2 * Math.PI * 20 / 16_000);
    private double y;

    public BrownNoise(long seed) {
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < 16_000; i++) { // settle the integrator
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
        y = leak * y + WhiteNoise.gaussian(random);
        return y;
    }
}
