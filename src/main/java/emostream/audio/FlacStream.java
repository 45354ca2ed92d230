package emostream.audio;

import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * A FLAC stream decoded frame by frame with jflac, averaged to mono and resampled to 16 kHz.
 *
 * <p>The metadata blocks are read here, not by jflac: STREAMINFO is checked (rate, channels, bit depth, block size)
 * and every other block (pictures, tags, padding) is skipped without being allocated, so a header that claims a
 * 4 GB picture costs nothing. jflac then sees a stream of STREAMINFO followed by the audio frames. A frame that
 * fails its CRC or header check, or a file that ends before the sample count STREAMINFO promises, is an
 * {@link AudioFormatException} naming the file, raised after the audio decoded up to the damage was returned.
 */
final class FlacStream extends CodecStream {

    static final int STREAMINFO = 0;
    static final int STREAMINFO_LENGTH = 34;
    private static final int MAX_CHANNELS = 8;

    private final FLACDecoder decoder;
    private final long totalSamples;   // 0 = unknown (streamed encoders may not know it)
    private final int bits;
    private String decoderError;       // jflac reports CRC mismatches and lost sync here, not by throwing

    private FlacStream(InputStream raw, FLACDecoder decoder, AudioInfo info, long totalSamples, int bits) {
        super(raw, info, info.sampleRate());
        this.decoder = decoder;
        this.totalSamples = totalSamples;
        this.bits = bits;
        decoder.addFrameListener(new FrameListener() {
            @Override
            public void processMetadata(Metadata metadata) {
            }

            @Override
            public void processFrame(Frame frame) {
            }

            @Override
            public void processError(String msg) {
                if (decoderError == null) {
                    decoderError = msg;
                }
            }
        });
    }

    /** Reads the metadata of a stream that starts with {@code fLaC}; the caller closes {@code in} on failure. */
    static FlacStream open(InputStream in, String name) throws IOException {
        byte[] magic = readFully(in, 4, name, "signature");
        if (magic[0] != 'f' || magic[1] != 'L' || magic[2] != 'a' || magic[3] != 'C') {
            throw new AudioFormatException(name + ": not a FLAC file");
        }
        byte[] streamInfo = null;
        boolean last = false;
        for (int block = 0; !last; block++) {
            byte[] h = readFully(in, 4, name, "metadata block header");
            last = (h[0] & 0x80) != 0;
            int type = h[0] & 0x7f;
            int length = ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
            if (block == 0 && type != STREAMINFO) {
                throw new AudioFormatException(name + ": bad FLAC header: the first metadata block is type " + type
                        + ", not STREAMINFO");
            }
            if (type == STREAMINFO) {
                if (streamInfo != null || length != STREAMINFO_LENGTH) {
                    throw new AudioFormatException(name + ": bad FLAC header: STREAMINFO of " + length + " bytes"
                            + (streamInfo != null ? " (a second one)" : "") + ", expected one of 34");
                }
                streamInfo = readFully(in, length, name, "STREAMINFO");
            } else if (type == 127) {
                throw new AudioFormatException(name + ": bad FLAC header: invalid metadata block type 127");
            } else {
                skipFully(in, length, name);
            }
        }
        int minBlock = u(streamInfo, 0, 16);
        int maxBlock = u(streamInfo, 16, 16);
        int rate = u(streamInfo, 80, 20);
        int channels = u(streamInfo, 100, 3) + 1;
        int bits = u(streamInfo, 103, 5) + 1;
        long total = ((long) u(streamInfo, 108, 4) << 32) | (u(streamInfo, 112, 32) & 0xffffffffL);
        if (rate < PcmConverter.MIN_RATE || rate > PcmConverter.MAX_RATE || channels > MAX_CHANNELS) {
            throw new AudioFormatException(name + ": FLAC header says " + channels + " channels at " + rate
                    + " Hz, outside what emostream reads");
        }
        if (bits < 4 || bits > 24 || maxBlock < 16 || minBlock < 16 || minBlock > maxBlock) {
            throw new AudioFormatException(name + ": bad FLAC header: " + bits + "-bit samples, blocks of "
                    + minBlock + ".." + maxBlock + " samples");
        }
        // jflac sees STREAMINFO marked as the last metadata block, then the frames
        byte[] prefix = new byte[4 + 4 + STREAMINFO_LENGTH];
        prefix[0] = 'f';
        prefix[1] = 'L';
        prefix[2] = 'a';
        prefix[3] = 'C';
        prefix[4] = (byte) 0x80;
        prefix[7] = STREAMINFO_LENGTH;
        System.arraycopy(streamInfo, 0, prefix, 8, STREAMINFO_LENGTH);
        FLACDecoder decoder = new FLACDecoder(new EndGuard(new SequenceInputStream(new ByteArrayInputStream(prefix), in)));
        try {
            decoder.readMetadata();
        } catch (IOException | RuntimeException e) {
            throw new AudioFormatException(name + ": bad FLAC header: " + e.getMessage(), e);
        }
        SampleFormat format = new SampleFormat(SampleFormat.Encoding.SIGNED, (bits + 7) / 8, false);
        AudioInfo info = new AudioInfo(name, "FLAC", format, rate, channels, total == 0 ? -1 : total);
        return new FlacStream(in, decoder, info, total, bits);
    }

    /** {@code count} bits at bit offset {@code bit} of a big-endian byte array (count &lt;= 32). */
    private static int u(byte[] b, int bit, int count) {
        long v = 0;
        for (int i = 0; i < count; i++) {
            int p = bit + i;
            v = (v << 1) | ((b[p >> 3] >> (7 - (p & 7))) & 1);
        }
        return (int) v;
    }

    private static byte[] readFully(InputStream in, int n, String name, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new AudioFormatException(name + ": truncated FLAC: the file ends inside its " + what);
        }
        return b;
    }

    private static void skipFully(InputStream in, long n, String name) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new AudioFormatException(name + ": truncated FLAC: the file ends inside a metadata block", e);
        }
    }

    @Override
    protected boolean decodeBlock() throws IOException {
        if (totalSamples > 0 && decodedFrames >= totalSamples) {
            return false; // trailing bytes (an ID3v1 tag) after the promised samples are not audio
        }
        int badBefore = decoder.getBadFrames();
        Frame frame;
        try {
            frame = decoder.readNextFrame();
        } catch (EndGuard.End e) {
            frame = null; // the input ended while jflac looked for the next frame
        } catch (IOException | RuntimeException e) {
            throw damage("corrupt FLAC data " + position() + ": " + e);
        }
        if (decoder.getBadFrames() > badBefore || decoderError != null) {
            throw damage("corrupt FLAC frame " + position() + " ("
                    + (decoderError == null ? "bad header" : decoderError) + ")");
        }
        if (frame == null) {
            if (totalSamples > 0 && decodedFrames < totalSamples) {
                throw AudioFiles.truncatedFlac(info().source(), totalSamples, decodedFrames);
            }
            return false;
        }
        int n = frame.header.blockSize;
        int ch = Math.min(frame.header.channels, info().channels());
        if (totalSamples > 0) {
            n = (int) Math.min(n, totalSamples - decodedFrames); // a last frame longer than the stream (padding)
        }
        float[] mono = monoBuffer(n);
        ChannelData[] data = decoder.getChannelData();
        float scale = 1f / ((1L << (bits - 1)) * (float) ch);
        Arrays.fill(mono, 0, n, 0f);
        for (int c = 0; c < ch; c++) {
            int[] out = data[c].getOutput();
            for (int i = 0; i < n; i++) {
                mono[i] += out[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mono[i] *= scale;
        }
        deliver(mono, n);
        return true;
    }

    /**
     * jflac's search for the next frame catches {@link java.io.EOFException} and searches again, forever, when
     * STREAMINFO does not give the length (found by fuzzing: a hang at the end of any such file). Reading past the
     * end a second time therefore throws {@link End}, which jflac does not catch.
     */
    static final class EndGuard extends java.io.FilterInputStream {

        static final class End extends RuntimeException {
            End() {
                super("end of the FLAC input", null, false, false);
            }
        }

        private int ends;

        EndGuard(InputStream in) {
            super(in);
        }

        private int atEnd(int r) {
            if (r < 0 && ++ends > 1) {
                throw new End();
            }
            return r;
        }

        @Override
        public int read() throws IOException {
            return atEnd(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return atEnd(super.read(b, off, len));
        }
    }
}
