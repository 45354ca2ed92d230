package emostream.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * RIFF/WAVE header parsing, done here rather than by Java Sound so that every variant in the wild (extensible,
 * float, 24/32-bit, G.711, odd chunks, streamed sizes) is read the same way and every failure gets a precise
 * message. Reads up to the start of the {@code data} chunk and leaves the stream there.
 */
final class WavHeader {

    /** Data sizes at or above this mean "unknown, read to the end" (what streaming writers put there). */
    private static final long OPEN_ENDED = 0x7FFF_F000L;

    private static final Map<Integer, String> KNOWN_TAGS = Map.of(
            0x0002, "MS ADPCM", 0x0011, "IMA ADPCM", 0x0031, "GSM 6.10", 0x0050, "MPEG",
            0x0055, "MP3", 0x0161, "WMA", 0x1610, "AAC", 0xF1AC, "FLAC");

    final SampleFormat format;
    final int sampleRate;
    final int channels;
    /** Declared data bytes, or -1 when open-ended. */
    final long dataBytes;
    /** Bytes before the data (file offset of the first sample). */
    final long dataOffset;

    private WavHeader(SampleFormat format, int sampleRate, int channels, long dataBytes, long dataOffset) {
        this.format = format;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.dataBytes = dataBytes;
        this.dataOffset = dataOffset;
    }

    int frameBytes() {
        return format.bytes() * channels;
    }

    /** Reads the header of a stream positioned at "RIFF". */
    static WavHeader read(InputStream in, String name) throws IOException {
        byte[] b = new byte[12];
        long pos = 0;
        try {
            readFully(in, b, 12);
            pos = 12;
            if (!ascii(b, 0).equals("RIFF") || !ascii(b, 8).equals("WAVE")) {
                throw new AudioFormatException(name + ": not a RIFF/WAVE file");
            }
            int[] fmt = null;  // tag, channels, rate, blockAlign, bits, subTag
            while (true) {
                readFully(in, b, 8);
                pos += 8;
                String id = ascii(b, 0);
                long size = le32(b, 4);
                if (id.equals("data")) {
                    if (fmt == null) {
                        throw new AudioFormatException(name + ": WAV data chunk comes before its fmt chunk");
                    }
                    return build(fmt, size, pos, name);
                }
                if (id.equals("fmt ")) {
                    if (size < 16 || size > 4096) {
                        throw new AudioFormatException(name + ": WAV fmt chunk has bad size " + size);
                    }
                    byte[] f = new byte[(int) size];
                    readFully(in, f, f.length);
                    fmt = parseFmt(f);
                    pos += size;
                    if ((size & 1) == 1) {
                        skip(in, 1);
                        pos++;
                    }
                } else {
                    if (size >= OPEN_ENDED) {
                        throw new AudioFormatException(name + ": WAV chunk '" + printable(id) + "' has bad size " + size);
                    }
                    long padded = size + (size & 1);
                    skip(in, padded);
                    pos += padded;
                }
            }
        } catch (EOFException e) {
            throw new AudioFormatException(name + ": truncated WAV: header ends after " + pos + " bytes"
                    + (pos >= 12 ? " with no data chunk" : ""));
        }
    }

    private static int[] parseFmt(byte[] f) {
        int tag = le16(f, 0);
        int subTag = tag;
        if (tag == 0xFFFE && f.length >= 26) {
            subTag = le16(f, 24);  // first two bytes of the sub-format GUID are the format tag
        }
        return new int[] {tag, le16(f, 2), (int) le32(f, 4), le16(f, 12), le16(f, 14), subTag};
    }

    private static WavHeader build(int[] fmt, long size, long offset, String name) throws AudioFormatException {
        int tag = fmt[5];
        int channels = fmt[1];
        int rate = fmt[2];
        int blockAlign = fmt[3];
        int bits = fmt[4];
        if (channels < 1 || channels > PcmConverter.MAX_CHANNELS) {
            throw new AudioFormatException(name + ": WAV header says " + channels + " channels");
        }
        if (rate < PcmConverter.MIN_RATE || rate > PcmConverter.MAX_RATE) {
            throw new AudioFormatException(name + ": WAV header says sample rate " + rate + " Hz (outside "
                    + PcmConverter.MIN_RATE + ".." + PcmConverter.MAX_RATE + ")");
        }
        if (blockAlign == 0 || blockAlign % channels != 0) {
            throw new AudioFormatException(name + ": WAV header has bad block align " + blockAlign + " for "
                    + channels + " channels");
        }
        int bytes = blockAlign / channels;  // container size; valid bits may be fewer (left-justified)
        SampleFormat.Encoding enc = switch (tag) {
            case 0x0001 -> bytes == 1 ? SampleFormat.Encoding.UNSIGNED : SampleFormat.Encoding.SIGNED;
            case 0x0003 -> SampleFormat.Encoding.FLOAT;
            case 0x0006 -> SampleFormat.Encoding.ALAW;
            case 0x0007 -> SampleFormat.Encoding.ULAW;
            default -> throw new AudioFormatException(name + ": unsupported encoding: WAV format 0x"
                    + String.format("%04X", tag) + (KNOWN_TAGS.containsKey(tag) ? " (" + KNOWN_TAGS.get(tag) + ")" : "")
                    + "; convert it to PCM WAV");
        };
        SampleFormat format;
        try {
            format = new SampleFormat(enc, bytes, false);
        } catch (IllegalArgumentException e) {
            throw new AudioFormatException(name + ": " + e.getMessage() + " (" + bits + " bits in " + bytes
                    + "-byte WAV samples)");
        }
        long dataBytes = size >= OPEN_ENDED ? -1 : size;
        return new WavHeader(format, rate, channels, dataBytes, offset);
    }

    static void readFully(InputStream in, byte[] b, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, n, len - n);
            if (r < 0) {
                throw new EOFException();
            }
            n += r;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                s = 1;
            }
            left -= s;
        }
    }

    static String ascii(byte[] b, int off) {
        return new String(b, off, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static int le16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    static long le32(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }
}
