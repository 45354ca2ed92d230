package emostream.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test signals and hand-made WAV files in any encoding. */
final class Signals {

    private Signals() {
    }

    static float[] tone(double hz, int rate, int n, double amp) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** Frequency (Hz) with the most energy, searched on a 5 Hz grid up to rate/2 (direct DFT, fine for tests). */
    static double peakHz(float[] x, int rate) {
        double best = 0;
        double bestHz = 0;
        for (double f = 5; f < rate / 2.0; f += 5) {
            double p = power(x, rate, f);
            if (p > best) {
                best = p;
                bestHz = f;
            }
        }
        return bestHz;
    }

    /** Normalised power of {@code x} at frequency {@code hz} (Goertzel); a full-scale sine gives about 0.25. */
    static double power(float[] x, int rate, double hz) {
        double w = 2 * Math.PI * hz / rate;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (float v : x) {
            double s = v + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double p = s1 * s1 + s2 * s2 - c * s1 * s2;
        return p / ((double) x.length * x.length);
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s / Math.max(1, to - from));
    }

    /** Encodes interleaved samples (frame-major: [frame][channel]) in {@code f}. */
    static byte[] encode(float[][] frames, SampleFormat f) {
        int ch = frames[0].length;
        ByteBuffer bb = ByteBuffer.allocate(frames.length * ch * f.bytes())
                .order(f.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (float[] frame : frames) {
            for (float v : frame) {
                put(bb, v, f);
            }
        }
        return bb.array();
    }

    private static void put(ByteBuffer bb, float v, SampleFormat f) {
        switch (f.encoding()) {
            case FLOAT -> {
                if (f.bytes() == 4) {
                    bb.putFloat(v);
                } else {
                    bb.putDouble(v);
                }
            }
            case SIGNED, UNSIGNED -> {
                long full = 1L << (8 * f.bytes() - 1);
                long q = Math.max(-full, Math.min(full - 1, Math.round(v * (double) full)));
                if (f.encoding() == SampleFormat.Encoding.UNSIGNED) {
                    q += full;
                }
                for (int i = 0; i < f.bytes(); i++) {
                    int shift = f.bigEndian() ? 8 * (f.bytes() - 1 - i) : 8 * i;
                    bb.put((byte) (q >>> shift));
                }
            }
            default -> throw new IllegalArgumentException("encode G.711 through Java Sound");
        }
    }

    /** A WAV file: fmt tag 1/3/6/7, or 0xFFFE (extensible) with {@code subTag}. */
    static byte[] wav(int tag, int subTag, int rate, int channels, int bytesPerSample, byte[] data) {
        boolean ext = tag == 0xFFFE;
        int fmtSize = ext ? 40 : 16;
        ByteBuffer bb = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + data.length + 8 + 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        bb.put("RIFF".getBytes()).putInt(bb.capacity() - 8).put("WAVE".getBytes());
        // an unrelated chunk of odd size first: readers must skip it and its pad byte
        bb.put("junk".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});
        bb.put("fmt ".getBytes()).putInt(fmtSize).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bytesPerSample).putShort((short) (channels * bytesPerSample))
                .putShort((short) (8 * bytesPerSample));
        if (ext) {
            bb.putShort((short) 22).putShort((short) (8 * bytesPerSample)).putInt(0)
                    .putShort((short) subTag).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA,
                            0, 0x38, (byte) 0x9B, 0x71});
        }
        bb.put("data".getBytes()).putInt(data.length).put(data);
        return java.util.Arrays.copyOf(bb.array(), bb.position());
    }
}
