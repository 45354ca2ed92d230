package emostream.audio.noise;

import emostream.audio.Resampler;

/**
 * A narrowband telephone line: the 300-3400 Hz band (two cascaded second-order sections each side, as a codec's
 * input filter), 8 kHz sampling, 8-bit μ-law (G.711) quantisation, and back to 16 kHz as a receiver would deliver
 * it. What the model loses: everything above 3.4 kHz (fricatives, part of the spectral tilt) and the low F0 region.
 */
public final class TelephoneChannel implements Degradation {

    private static final double MU = 255;

    @Override
    public String name() {
        return "phone";
    }

    @Override
    public float[] apply(float[] pcm, long seed) {
        Biquad[] band = {Biquad.highPass(300, 16_000), Biquad.highPass(300, 16_000),
                Biquad.lowPass(3400, 16_000), Biquad.lowPass(3400, 16_000)};
        float[] x = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            double v = pcm[i];
            for (Biquad b : band) {
                v = b.step(v);
            }
            x[i] = (float) v;
        }
        float[] narrow = Resampler.resample(x, 16_000, 8_000);
        for (int i = 0; i < narrow.length; i++) {
            narrow[i] = muLaw(narrow[i]);
        }
        float[] back = Resampler.resample(narrow, 8_000, 16_000);
        return back.length == pcm.length ? back : java.util.Arrays.copyOf(back, pcm.length);
    }

    /** Compress to 8 bits with the μ-law curve and expand again: the quantisation noise a G.711 line adds. */
    static float muLaw(float v) {
        double s = Math.max(-1, Math.min(1, v));
        double c = Math.signum(s) * Math.log1p(MU * Math.abs(s)) / Math.log1p(MU);
        double q = Math.round(c * 127) / 127.0;
        return (float) (Math.signum(q) * (Math.pow(1 + MU, Math.abs(q)) - 1) / MU);
    }
}
