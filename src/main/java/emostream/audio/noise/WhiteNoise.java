package emostream.audio.noise;

import java.util.SplittableRandom;

/** Gaussian white noise: equal power at every frequency (hiss, a cheap microphone's self-noise). */
public final class WhiteNoise implements NoiseSource {

    private final SplittableRandom random;

    public WhiteNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void fill(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) gaussian(random);
        }
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default, kept explicit
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
