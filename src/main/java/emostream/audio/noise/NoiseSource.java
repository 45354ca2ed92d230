package emostream.audio.noise;

/**
 * An endless, reproducible noise signal at 16 kHz, for speech-in-noise tests and training augmentation (the same
 * generators for both, so what training learns to ignore is what the tests measure). Its level is arbitrary:
 * {@link NoiseMixer} scales it to a signal-to-noise ratio.
 */
public interface NoiseSource {

    /** The next {@code out.length} samples. */
    void fill(float[] out);

    /** The next {@code n} samples. */
    default float[] next(int n) {
        float[] out = new float[n];
        fill(out);
        return out;
    }
}
