package emostream.audio.noise;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Babble: several voices talking at once (a café, an open office), the hardest noise for a voice-activity
 * detector because it is made of speech. Each voice loops its own recording from a random point, at equal
 * level; with five or more voices no single one stands out.
 */
public final class Babble implements NoiseSource {

    private final List<float[]> voices = new ArrayList<>();
    private final int[] position;

    /** @param voices recordings of different talkers (16 kHz), each at least a second long */
    public Babble(List<float[]> voices, long seed) {
        if (voices.size() < 2) {
            throw new IllegalArgumentException("babble needs at least two voices, got " + voices.size());
        }
        SplittableRandom random = new SplittableRandom(seed);
        this.position = new int[voices.size()];
        for (int v = 0; v < voices.size(); v++) {
            float[] x = voices.get(v);
            if (x.length < 16_000) {
                throw new IllegalArgumentException("babble voice " + v + " is shorter than a second");
            }
            double rms = Math.sqrt(SpeechLevel.power(x, 0, x.length));
            float[] scaled = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                scaled[i] = (float) (x[i] / Math.max(rms, 1e-9));
            }
            this.voices.add(scaled);
            position[v] = random.nextInt(x.length);
        }
    }

    @Override
    public void fill(float[] out) {
        java.util.Arrays.fill(out, 0);
        for (int v = 0; v < voices.size(); v++) {
            float[] x = voices.get(v);
            int p = position[v];
            for (int i = 0; i < out.length; i++) {
                out[i] += x[p];
                if (++p == x.length) {
                    p = 0;
                }
            }
            position[v] = p;
        }
    }
}
