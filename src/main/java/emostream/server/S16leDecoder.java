package emostream.server;

/**
 * Stand-in until the data engineer's {@code emostream.audio.PcmConverter} is on main: 16-bit little-endian
 * mono PCM to floats in [-1, 1], resampled to 16 kHz by linear interpolation (state kept across chunks).
 * Not thread-safe: one per stream.
 */
final class S16leDecoder {

    private final double step;
    private double pos;        // next output position, in input samples, relative to {@code last}
    private float last;        // previous chunk's final sample (position -1 of the next chunk)
    private boolean started;

    S16leDecoder(int rate) {
        this.step = rate / 16_000.0;
    }

    float[] convert(byte[] pcm, int off, int len) {
        int n = len / 2;
        float[] in = new float[n];
        for (int i = 0; i < n; i++) {
            int lo = pcm[off + 2 * i] & 0xff;
            int hi = pcm[off + 2 * i + 1];
            in[i] = ((hi << 8) | lo) / 32768f;
        }
        if (step == 1.0) {
            return in;
        }
        if (!started && n > 0) {
            started = true;
            last = in[0];
            pos = 1;
        }
        // output at input position p in [0, n): interpolate between x[floor(p)-1] and x[floor(p)] using 'last' for -1
        java.util.ArrayList<Float> out = new java.util.ArrayList<>();
        while (pos < n) {
            int i = (int) Math.floor(pos);
            double frac = pos - i;
            float a = i == 0 ? last : in[i - 1];
            float b = in[i];
            out.add((float) (a + (b - a) * frac));
            pos += step;
        }
        pos -= n;
        if (n > 0) {
            last = in[n - 1];
        }
        float[] r = new float[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        return r;
    }

    float[] flush() {
        return new float[0];
    }
}
