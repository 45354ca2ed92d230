package emostream.audio;

import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * MPEG-1/2/2.5 audio (layer III, and layers I/II) decoded frame by frame with JLayer.
 *
 * <p>ID3v2 tags are skipped here, before JLayer sees the stream: JLayer would allocate a buffer of the size the tag
 * header claims (up to 256 MB). A Xing/Info frame (the VBR table LAME writes first) is not audio and is not
 * decoded; its LAME tag, when present, gives the encoder's delay and padding, which are cut from the start and the
 * end (gapless decoding: the decoded length is the original's). Every frame must keep the first frame's rate and channel count; one that does not, or that fails to
 * decode, ends the stream with an error after the audio before it.
 */
final class Mp3Stream extends CodecStream {

    private final Bitstream bitstream;
    private final Decoder decoder = new Decoder();
    private final int rate;
    private final int channels;
    private Header next;
    private long skip;            // samples still to drop at the start (encoder + decoder delay)
    private long remaining = -1;  // samples the LAME tag says the stream holds; -1: unknown

    /** The decoder's own delay (the MP3 hybrid filter bank), added to the encoder delay LAME records. */
    private static final int DECODER_DELAY = 529;

    private Mp3Stream(InputStream raw, Bitstream bitstream, Header first, AudioInfo info) {
        super(raw, info, info.sampleRate());
        this.bitstream = bitstream;
        this.next = first;
        this.rate = info.sampleRate();
        this.channels = info.channels();
    }

    static Mp3Stream open(InputStream in, String name) throws IOException {
        skipId3v2(in, name);
        long[] gapless = lameTag(in);
        Bitstream bitstream;
        Header first;
        try {
            bitstream = new Bitstream(in);
            first = bitstream.readFrame();
        } catch (BitstreamException | RuntimeException e) {
            throw new AudioFormatException(name + ": bad MP3: " + e.getMessage(), e);
        }
        if (first == null) {
            throw new AudioFormatException(name + ": no MPEG audio frames found (not an MP3 file, or only a tag)");
        }
        int rate = first.frequency();
        int channels = first.mode() == Header.SINGLE_CHANNEL ? 1 : 2;
        SampleFormat format = new SampleFormat(SampleFormat.Encoding.SIGNED, 2, false);
        String container = first.layer() == 3 ? "MP3" : "MPEG layer " + first.layer();
        Mp3Stream s = new Mp3Stream(in, bitstream, first, new AudioInfo(name, container, format, rate, channels, -1));
        if (gapless != null) { // the Xing/Info frame: a table of contents, silent
            bitstream.closeFrame();
            s.next = null;
            if (gapless[1] > 0) {
                s.skip = gapless[0] + DECODER_DELAY;
                s.remaining = gapless[1];
            }
        }
        return s;
    }

    /**
     * A leading Xing/Info frame, read without consuming it: {encoder delay, samples in the stream} from its LAME
     * tag ({0, -1} when it has none, or the tag does not add up), or null when the first frame is audio.
     */
    private static long[] lameTag(InputStream in) throws IOException {
        in.mark(4096);
        byte[] b = in.readNBytes(4096);
        in.reset();
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xE0) != 0xE0 || (b[1] & 0x06) != 0x02) {
            return null; // not a layer III frame header
        }
        boolean mpeg1 = (b[1] & 0x18) == 0x18;
        boolean mono = (b[3] & 0xC0) == 0xC0;
        boolean crc = (b[1] & 0x01) == 0;
        int p = 4 + (crc ? 2 : 0) + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
        if (p + 8 > b.length) {
            return null;
        }
        String id = new String(b, p, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!id.equals("Xing") && !id.equals("Info")) {
            return null;
        }
        int flags = b[p + 7] & 0x0f;
        p += 8;
        long frames = -1;
        if ((flags & 1) != 0 && p + 4 <= b.length) { // a file shorter than its Xing header (found by fuzzing)
            frames = OggReader.be(b, p, 4);
            p += 4;
        }
        p += ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        if (frames < 0 || p + 24 > b.length || b[p] != 'L') {
            return new long[] {0, -1};
        }
        // LAME extension: 9 bytes version, then 12 bytes of gains and flags, then delay and padding, 12 bits each
        int delay = ((b[p + 21] & 0xff) << 4) | ((b[p + 22] & 0xff) >> 4);
        int padding = ((b[p + 22] & 0x0f) << 8) | (b[p + 23] & 0xff);
        long total = frames * (mpeg1 ? 1152 : 576) - delay - padding;
        return total > 0 ? new long[] {delay, total} : new long[] {0, -1};
    }

    /** Skips ID3v2 tags (there may be several) without reading them into memory. */
    private static void skipId3v2(InputStream in, String name) throws IOException {
        while (true) {
            in.mark(10);
            byte[] h = in.readNBytes(10);
            if (h.length < 3 || h[0] != 'I' || h[1] != 'D' || h[2] != '3') {
                in.reset();
                return;
            }
            if (h.length < 10) { // JLayer would read the missing size bytes as -1: a 140 MB tag (found by fuzzing)
                throw new AudioFormatException(name + ": truncated MP3: the file ends inside its ID3v2 tag");
            }
            if ((h[6] | h[7] | h[8] | h[9]) < 0) {
                throw new AudioFormatException(name + ": bad ID3v2 tag: its size is not sync-safe");
            }
            long size = ((long) h[6] << 21) | (h[7] << 14) | (h[8] << 7) | h[9];
            if ((h[5] & 0x10) != 0) {
                size += 10; // footer
            }
            try {
                in.skipNBytes(size);
            } catch (EOFException e) {
                throw new AudioFormatException(name + ": truncated MP3: the file ends inside its ID3v2 tag", e);
            }
        }
    }

    @Override
    protected boolean decodeBlock() throws IOException {
        Header h;
        try {
            h = next != null ? next : bitstream.readFrame();
        } catch (BitstreamException e) {
            throw damage("corrupt MP3 " + position() + " (" + e.getMessage() + ")");
        }
        next = null;
        if (h == null) {
            return false;
        }
        if (h.frequency() != rate || (h.mode() == Header.SINGLE_CHANNEL ? 1 : 2) != channels) {
            throw damage("corrupt MP3 " + position() + ": a frame at " + h.frequency() + " Hz, "
                    + (h.mode() == Header.SINGLE_CHANNEL ? "mono" : "stereo") + " in a stream that started at " + rate
                    + " Hz, " + (channels == 1 ? "mono" : "stereo"));
        }
        SampleBuffer out;
        try {
            out = (SampleBuffer) decoder.decodeFrame(h, bitstream);
        } catch (DecoderException e) {
            throw damage("corrupt MP3 frame " + position() + " (" + e.getMessage() + ")");
        } finally {
            bitstream.closeFrame();
        }
        int ch = decoder.getOutputChannels();
        int frames = out.getBufferLength() / ch;
        int from = (int) Math.min(frames, skip);
        skip -= from;
        int n = frames - from;
        if (remaining >= 0) {
            n = (int) Math.min(n, remaining);
            remaining -= n;
        }
        if (n > 0) {
            deliver16(out.getBuffer(), from, n, ch, 1f);
        }
        return true;
    }
}
