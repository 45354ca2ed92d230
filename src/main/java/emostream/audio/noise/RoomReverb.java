package emostream.audio.noise;

/**
 * A reverberant room: the dry signal plus a late reverberation tail from a Schroeder reverberator (four parallel
 * feedback comb filters with mutually prime delays, then two all-pass diffusers), the comb gains set so the tail
 * decays by 60 dB in {@code rt60} seconds. Cheap (a few operations per sample) where convolving a measured room
 * response would take seconds per clip; the tail's level relative to the dry sound is fixed at a mid-room distance.
 */
public final class RoomReverb implements Degradation {

    private static final int[] COMBS = {1_116 * 16 / 44, 1_188 * 16 / 44, 1_277 * 16 / 44, 1_356 * 16 / 44}; // ~25-31 ms
    private static final int[] ALLPASS = {225 * 16 / 44, 556 * 16 / 44};
    private static final double WET = 0.5;
    private final double rt60;

    public RoomReverb(double rt60) {
        if (!(rt60 > 0.05 && rt60 < 5)) {
            throw new IllegalArgumentException("RT60 " + rt60 + " s is outside 0.05-5 s");
        }
        this.rt60 = rt60;
    }

    @Override
    public String name() {
        return String.format(java.util.Locale.ROOT, "reverb:%.2f", rt60);
    }

    @Override
    public float[] apply(float[] pcm, long seed) {
        double[] wet = new double[pcm.length];
        for (int d : COMBS) {
            double g = Math.pow(10, -3.0 * d / (rt60 * 16_000)); // -60 dB after rt60 seconds of round trips
            double[] buf = new double[d];
            int p = 0;
            for (int i = 0; i < pcm.length; i++) {
                double y = buf[p];
                buf[p] = pcm[i] + g * y;
                wet[i] += y / COMBS.length;
                p = (p + 1) % d;
            }
        }
        for (int d : ALLPASS) {
            double[] buf = new double[d];
            int p = 0;
            for (int i = 0; i < pcm.length; i++) {
                double b = buf[p];
                double y = -0.5 * wet[i] + b;
                buf[p] = wet[i] + 0.5 * b;
                wet[i] = y;
                p = (p + 1) % d;
            }
        }
        // keep the dry level: a speaker heard a little further away, not louder
        double dry = SpeechLevel.power(pcm, 0, pcm.length);
        float[] out = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = (float) (pcm[i] + WET * wet[i]);
        }
        double now = SpeechLevel.power(out, 0, out.length);
        double gain = now > 0 ? Math.sqrt(dry / now) : 1;
        for (int i = 0; i < out.length; i++) {
            out[i] *= (float) gain;
        }
        return out;
    }
}
