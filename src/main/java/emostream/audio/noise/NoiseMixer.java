package emostream.audio.noise;

/** Speech plus noise at a signal-to-noise ratio against the speech's active level ({@link SpeechLevel}). */
public final class NoiseMixer {

    private NoiseMixer() {
    }

    /**
     * {@code speech} with the next {@code speech.length} samples of {@code noise} added, scaled so that the
     * active speech level is {@code snrDb} above the noise's power. Not clipped: a float stream may exceed ±1.
     */
    public static float[] mix(float[] speech, NoiseSource noise, double snrDb) {
        return add(speech, noise, SpeechLevel.activeDb(speech) - snrDb);
    }

    /** {@code pcm} with noise added at {@code levelDb} (mean power re full scale). */
    public static float[] add(float[] pcm, NoiseSource noise, double levelDb) {
        float[] n = noise.next(pcm.length);
        double gain = Math.sqrt(Math.pow(10, levelDb / 10) / Math.max(SpeechLevel.power(n, 0, n.length), 1e-20));
        float[] out = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = (float) (pcm[i] + gain * n[i]);
        }
        return out;
    }
}
