package emostream.pipeline;

import java.util.Random;

/** Synthetic test audio at 16 kHz: "speech" (syllable-like tone bursts) and quiet noise. */
final class Signals {

    private Signals() {
    }

    /** Syllable-like bursts: 180 ms of a 180-250 Hz harmonic tone at about -20 dBFS, 70 ms gaps. */
    static float[] speech(int samples, long seed) {
        Random r = new Random(seed);
        float[] x = new float[samples];
        double f0 = 180 + r.nextInt(70);
        for (int i = 0; i < samples; i++) {
            int inSyllable = i % 4000;
            if (inSyllable < 2880) {
                double t = i / 16000.0;
                double env = Math.sin(Math.PI * inSyllable / 2880.0);
                x[i] = (float) (0.15 * env * (Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(4 * Math.PI * f0 * t)
                        + 0.25 * Math.sin(6 * Math.PI * f0 * t)));
            }
            x[i] += (float) (r.nextGaussian() * 0.0005);
        }
        return x;
    }

    /** White noise at about {@code db} dBFS RMS. */
    static float[] noise(int samples, double db, long seed) {
        Random r = new Random(seed);
        double amp = Math.pow(10, db / 20);
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (r.nextGaussian() * amp);
        }
        return x;
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static float[] add(float[] a, float[] b) {
        float[] out = a.clone();
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            out[i] += b[i];
        }
        return out;
    }
}
