package emostream.audio;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The packets of the first logical bitstream in an Ogg file (RFC 3533), for the Vorbis and Opus decoders. Read here
 * rather than by a library so that every page is checked the same way (capture pattern, version, CRC, sequence)
 * with a message naming the file, and so that allocation follows the bytes actually read: a packet grows page by
 * page and may not exceed {@link #MAX_PACKET}, whatever the lacing values claim.
 *
 * <p>Pages of other logical streams (a multiplexed file) are skipped. The stream ends at its end-of-stream page, or
 * at a clean end of file (a live recording cut off); a file that ends inside a page is truncated.
 */
final class OggReader {

    /** Far above any real Vorbis or Opus packet (Opus: at most 61,440 bytes; Vorbis setup headers: tens of KB). */
    static final int MAX_PACKET = 1 << 22;
    private static final int[] CRC = crcTable();

    private final InputStream in;
    private final String name;
    private final byte[] header = new byte[27];
    private final byte[] lacing = new byte[255];
    private byte[] body = new byte[255 * 255];
    private int segments;
    private int segment;
    private int bodyPos;
    private long pageGranule = -1;
    private boolean pageEos;
    private int serial;
    private boolean haveSerial;
    private long nextSequence = -1;
    private boolean ended;
    private long offset;
    private byte[] packet = new byte[4096];
    private int packetLen;
    private boolean packetOpen;
    private long packets;

    OggReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /**
     * The next packet of the stream (a fresh array), or {@code null} at its end.
     *
     * @throws AudioFormatException for a damaged, truncated or oversized page or packet
     */
    byte[] next() throws IOException {
        while (true) {
            while (segment < segments) {
                int len = lacing[segment++] & 0xff;
                if (packetLen + len > MAX_PACKET) {
                    throw new AudioFormatException(name + ": Ogg packet " + packets + " is larger than "
                            + MAX_PACKET + " bytes: not a Vorbis or Opus stream");
                }
                if (packetLen + len > packet.length) {
                    packet = Arrays.copyOf(packet, Math.max(packetLen + len, packet.length * 2));
                }
                System.arraycopy(body, bodyPos, packet, packetLen, len);
                bodyPos += len;
                packetLen += len;
                packetOpen = true;
                if (len < 255) {
                    packets++;
                    packetOpen = false;
                    byte[] p = Arrays.copyOf(packet, packetLen);
                    packetLen = 0;
                    return p;
                }
            }
            if (ended || !readPage()) {
                return null;
            }
        }
    }

    /** Granule position of the page the last returned packet ended on (-1 when that page gave none). */
    long granule() {
        return segment == segments ? pageGranule : -1;
    }

    /** The last returned packet was the last of the stream (its page carries the end-of-stream flag). */
    boolean lastPacket() {
        return pageEos && segment == segments;
    }

    /** Reads the next page of our stream into {@code lacing}/{@code body}; false at a clean end. */
    private boolean readPage() throws IOException {
        while (true) {
            int got = in.readNBytes(header, 0, 27);
            if (got == 0 && offset > 0) {
                if (packetOpen) {
                    throw new AudioFormatException(name + ": truncated Ogg: the file ends inside a packet");
                }
                return false;
            }
            if (got < 27) {
                throw new AudioFormatException(name + ": truncated Ogg: the file ends inside a page header at byte "
                        + (offset + got));
            }
            if (header[0] != 'O' || header[1] != 'g' || header[2] != 'g' || header[3] != 'S') {
                throw new AudioFormatException(name + ": corrupt Ogg: no page starts at byte " + offset);
            }
            if (header[4] != 0) {
                throw new AudioFormatException(name + ": unsupported Ogg version " + (header[4] & 0xff) + " at byte " + offset);
            }
            int type = header[5] & 0xff;
            int n = header[26] & 0xff;
            if (in.readNBytes(lacing, 0, n) < n) {
                throw new AudioFormatException(name + ": truncated Ogg: the file ends inside a page header");
            }
            int bodyLen = 0;
            for (int i = 0; i < n; i++) {
                bodyLen += lacing[i] & 0xff;
            }
            if (in.readNBytes(body, 0, bodyLen) < bodyLen) {
                throw new AudioFormatException(name + ": truncated Ogg: the file ends inside a page at byte " + offset);
            }
            long pageStart = offset;
            offset += 27 + n + bodyLen;
            int crc = (int) le(header, 22, 4);
            if (crc != crc(n, bodyLen)) {
                throw new AudioFormatException(name + ": corrupt Ogg page at byte " + pageStart + " (CRC mismatch)");
            }
            int pageSerial = (int) le(header, 14, 4);
            if (!haveSerial) {
                if ((type & 0x02) == 0) {
                    throw new AudioFormatException(name + ": corrupt Ogg: the first page does not begin a stream");
                }
                serial = pageSerial;
                haveSerial = true;
            } else if (pageSerial != serial) {
                continue; // another logical stream of a multiplexed file
            }
            long seq = le(header, 18, 4);
            if (nextSequence >= 0 && seq != nextSequence) {
                throw new AudioFormatException(name + ": corrupt Ogg: page " + nextSequence + " is missing (found "
                        + seq + " at byte " + pageStart + ")");
            }
            nextSequence = seq + 1;
            boolean continued = (type & 0x01) != 0;
            segment = 0;
            bodyPos = 0;
            if (!continued && packetOpen) {
                packetLen = 0;     // the continued packet never came: drop its first part (RFC 3533)
                packetOpen = false;
            } else if (continued && !packetOpen) {
                while (segment < n) { // the tail of a packet whose start we never saw: skip it
                    int len = lacing[segment++] & 0xff;
                    bodyPos += len;
                    if (len < 255) {
                        break;
                    }
                }
            }
            segments = n;
            pageGranule = le(header, 6, 8);
            pageEos = (type & 0x04) != 0;
            ended = pageEos;
            return true;
        }
    }

    private int crc(int lacingLen, int bodyLen) {
        int c = 0;
        for (int i = 0; i < 27; i++) {
            c = (c << 8) ^ CRC[((c >>> 24) ^ (i >= 22 && i < 26 ? 0 : header[i] & 0xff)) & 0xff];
        }
        for (int i = 0; i < lacingLen; i++) {
            c = (c << 8) ^ CRC[((c >>> 24) ^ (lacing[i] & 0xff)) & 0xff];
        }
        for (int i = 0; i < bodyLen; i++) {
            c = (c << 8) ^ CRC[((c >>> 24) ^ (body[i] & 0xff)) & 0xff];
        }
        return c;
    }

    private static int[] crcTable() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
            }
            t[i] = r;
        }
        return t;
    }

    static long be(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
