package emostream.audio;

/**
 * How one sample is stored: integer (signed or unsigned, 8 to 32 bit), IEEE float (32/64 bit) or G.711
 * mu-law/a-law, in either byte order. Decodes interleaved frames straight to mono floats in [-1, 1], so every
 * reader (files, stdin, WebSocket, Kafka) shares one conversion.
 */
public record SampleFormat(Encoding encoding, int bytes, boolean bigEndian) {

    public enum Encoding { SIGNED, UNSIGNED, FLOAT, ULAW, ALAW }

    /** 16-bit signed little-endian: what stdin, WebSocket and Kafka raw audio carry. */
    public static final SampleFormat S16LE = new SampleFormat(Encoding.SIGNED, 2, false);

    public SampleFormat {
        boolean ok = switch (encoding) {
            case SIGNED, UNSIGNED -> bytes >= 1 && bytes <= 4;
            case FLOAT -> bytes == 4 || bytes == 8;
            case ULAW, ALAW -> bytes == 1;
        };
        if (!ok) {
            throw new IllegalArgumentException("unsupported encoding: " + bytes * 8 + "-bit " + name(encoding));
        }
    }

    /**
     * Decodes {@code frames} interleaved frames of {@code channels} samples from {@code src} (starting at
     * {@code off}) into {@code dst}, averaging the channels. Values are clamped to [-1, 1]; NaN becomes 0.
     */
    public void decodeMono(byte[] src, int off, int frames, int channels, float[] dst, int dstOff) {
        int p = off;
        float scale = 1f / channels;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(src, p);
                p += bytes;
            }
            float v = (float) (sum * scale);
            dst[dstOff + f] = v > 1f ? 1f : v < -1f ? -1f : v == v ? v : 0f;
        }
    }

    /** One sample at byte offset {@code p}, unclamped. */
    double sample(byte[] b, int p) {
        switch (encoding) {
            case ULAW:
                return ulaw(b[p]) / 32768.0;
            case ALAW:
                return alaw(b[p]) / 32768.0;
            case FLOAT:
                long raw = bits(b, p);
                return bytes == 4 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
            default:
                long v = bits(b, p);
                int shift = 64 - 8 * bytes;
                long full = 1L << (8 * bytes - 1);
                // signed: sign-extend; unsigned: remove the offset (8-bit WAV is unsigned with 128 = silence)
                double x = encoding == Encoding.SIGNED ? (double) ((v << shift) >> shift) : (double) (v - full);
                return x / full;
        }
    }

    private long bits(byte[] b, int p) {
        long v = 0;
        if (bigEndian) {
            for (int i = 0; i < bytes; i++) {
                v = (v << 8) | (b[p + i] & 0xff);
            }
        } else {
            for (int i = bytes - 1; i >= 0; i--) {
                v = (v << 8) | (b[p + i] & 0xff);
            }
        }
        return v;
    }

    /** G.711 mu-law to 16-bit linear. */
    static int ulaw(byte code) {
        int u = ~code & 0xff;
        int t = ((u & 0x0f) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    /** G.711 a-law to 16-bit linear. */
    static int alaw(byte code) {
        int a = (code & 0xff) ^ 0x55;
        int t = (a & 0x0f) << 4;
        int seg = (a & 0x70) >> 4;
        if (seg == 0) {
            t += 8;
        } else if (seg == 1) {
            t += 0x108;
        } else {
            t = (t + 0x108) << (seg - 1);
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    private static String name(Encoding e) {
        return switch (e) {
            case SIGNED -> "signed integer";
            case UNSIGNED -> "unsigned integer";
            case FLOAT -> "float";
            case ULAW -> "mu-law";
            case ALAW -> "a-law";
        };
    }

    @Override
    public String toString() {
        String base = switch (encoding) {
            case ULAW -> "mu-law";
            case ALAW -> "a-law";
            default -> bytes * 8 + "-bit " + name(encoding);
        };
        return bytes == 1 ? base : base + (bigEndian ? " BE" : " LE");
    }
}
