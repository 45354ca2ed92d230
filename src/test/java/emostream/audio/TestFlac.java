package emostream.audio;

import java.io.ByteArrayOutputStream;

/**
 * Writes valid FLAC files for tests (no FLAC encoder is on the classpath): STREAMINFO, optional extra metadata,
 * then fixed-size frames whose subframes are VERBATIM, each frame with its CRC-8 header check and CRC-16. Enough
 * to exercise every branch of the decoder with files the tests make themselves.
 */
public final class TestFlac {

    public static final int BLOCK = 1024;

    private TestFlac() {
    }

    /** Interleaved samples {@code [frame * channels + channel]} at {@code bits} (8..24) per sample. */
    public static byte[] encode(int[] interleaved, int channels, int rate, int bits) {
        return encode(interleaved, channels, rate, bits, new byte[0][]);
    }

    /** Float samples in [-1, 1], one channel, 16-bit. */
    public static byte[] encode(float[] mono, int rate) {
        int[] s = new int[mono.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.round(Math.max(-1f, Math.min(1f, mono[i])) * 32767f);
        }
        return encode(s, 1, rate, 16);
    }

    /**
     * @param extraBlocks further metadata blocks after STREAMINFO, each as {type, then body} (the length is written
     *                    from the body, except a body of exactly 4 bytes "LEN!" which writes a 16 MB length without data)
     */
    public static byte[] encode(int[] interleaved, int channels, int rate, int bits, byte[][] extraBlocks) {
        int frames = interleaved.length / channels;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'f', 'L', 'a', 'C'});
        Bits si = new Bits();
        si.put(BLOCK, 16).put(BLOCK, 16).put(0, 24).put(0, 24).put(rate, 20).put(channels - 1, 3).put(bits - 1, 5);
        si.put((long) frames >>> 32, 4).put(frames, 32);
        for (int i = 0; i < 16; i++) {
            si.put(0, 8);
        }
        out.write(extraBlocks.length == 0 ? 0x80 : 0x00);
        out.writeBytes(new byte[] {0, 0, 34});
        out.writeBytes(si.bytes());
        for (int b = 0; b < extraBlocks.length; b++) {
            byte[] block = extraBlocks[b];
            int type = block[0];
            byte[] body = java.util.Arrays.copyOfRange(block, 1, block.length);
            out.write((b == extraBlocks.length - 1 ? 0x80 : 0) | type);
            int len = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).equals("LEN!") ? 0xFFFFFF : body.length;
            out.writeBytes(new byte[] {(byte) (len >> 16), (byte) (len >> 8), (byte) len});
            out.writeBytes(body);
        }
        for (int f = 0, n = 0; f < frames; f += BLOCK, n++) {
            out.writeBytes(frame(interleaved, channels, bits, f, Math.min(BLOCK, frames - f), n));
        }
        return out.toByteArray();
    }

    private static byte[] frame(int[] s, int channels, int bits, int from, int count, int number) {
        Bits h = new Bits();
        h.put(0xFFF8, 16);                // sync, reserved, fixed block size
        h.put(0b0111, 4).put(0, 4);       // block size: 16 bits at the header's end; rate: from STREAMINFO
        h.put(channels - 1, 4).put(0, 3).put(0, 1); // independent channels; sample size: from STREAMINFO
        byte[] num = utf8(number);
        for (byte b : num) {
            h.put(b & 0xff, 8);
        }
        h.put(count - 1, 16);
        byte[] header = h.bytes();
        Bits f = new Bits();
        for (byte b : header) {
            f.put(b & 0xff, 8);
        }
        f.put(crc8(header), 8);
        for (int c = 0; c < channels; c++) {
            f.put(0, 1).put(0b000001, 6).put(0, 1); // VERBATIM, no wasted bits
            for (int i = 0; i < count; i++) {
                f.put(s[(from + i) * channels + c], bits);
            }
        }
        f.align();
        byte[] body = f.bytes();
        int crc = crc16(body);
        byte[] all = java.util.Arrays.copyOf(body, body.length + 2);
        all[body.length] = (byte) (crc >> 8);
        all[body.length + 1] = (byte) crc;
        return all;
    }

    private static byte[] utf8(int v) {
        if (v < 0x80) {
            return new byte[] {(byte) v};
        }
        if (v < 0x800) {
            return new byte[] {(byte) (0xC0 | (v >> 6)), (byte) (0x80 | (v & 0x3F))};
        }
        return new byte[] {(byte) (0xE0 | (v >> 12)), (byte) (0x80 | ((v >> 6) & 0x3F)), (byte) (0x80 | (v & 0x3F))};
    }

    static int crc8(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
            }
        }
        return crc;
    }

    static int crc16(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
            }
        }
        return crc;
    }

    /** A big-endian bit writer. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int acc;
        private int n;

        Bits put(long value, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                acc = (acc << 1) | (int) ((value >> i) & 1);
                if (++n == 8) {
                    out.write(acc);
                    acc = 0;
                    n = 0;
                }
            }
            return this;
        }

        void align() {
            while (n != 0) {
                put(0, 1);
            }
        }

        byte[] bytes() {
            align();
            return out.toByteArray();
        }
    }
}
