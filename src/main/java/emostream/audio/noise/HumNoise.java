package emostream.audio.noise;

import java.util.SplittableRandom;

/**
 * A fan or an air conditioner: mains hum (a fundamental and its harmonics, slowly wavering in level) over a
 * low-passed broadband whoosh. Stationary and loud at low frequencies, where an energy gate's floor sits.
 */
public final class HumNoise implements NoiseSource {

    private final SplittableRandom random;
    private final double fundamental;
    private final double[] phase = new double[8];
    private double whoosh;
    private long n;

    /** @param fundamental mains frequency, 50 or 60 Hz */
    public HumNoise(long seed, double fundamental) {
        this.random = new SplittableRandom(seed);
        this.fundamental = fundamental;
        for (int h = 0; h < phase.length; h++) {
            phase[h] = 2 * Math.PI * random.nextDouble();
        }
    }

    @Override
    public void fill(float[] out) {
        double a = Math.exp(-2 * Math.PI * 400 / 16_000); // whoosh: white noise through a 400 Hz one-pole low-pass
        for (int i = 0; i < out.length; i++, n++) {
            double t = n / 16_000.0;
            double hum = 0;
            for (int h = 0; h < phase.length; h++) {
                hum += Math.sin(2 * Math.PI * fundamental * (h + 1) * t + phase[h]) / (h + 1);
            }
            hum *= 1 + 0.2 * Math.sin(2 * Math.PI * 0.7 * t); // the blades' slow beat
            whoosh = a * whoosh + (1 - a) * WhiteNoise.gaussian(random);
            out[i] = (float) (0.5 * hum + 8 * whoosh);
        }
    }
}
