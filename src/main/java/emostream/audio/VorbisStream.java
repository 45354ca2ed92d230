package emostream.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ogg Vorbis decoded with JOrbis, packet by packet from {@link OggReader}. The three header packets are checked
 * before any audio is decoded; the last page's granule position trims the final block to the stream's length.
 */
final class VorbisStream extends CodecStream {

    private static final int MAX_CHANNELS = 8;
    /** A comment header with no vendor string and no comments (and the framing bit). */
    private static final byte[] EMPTY_COMMENT = {3, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final OggReader ogg;
    private final DspState dsp;
    private final Block block;
    private final int channels;
    private final float[][][] pcm = new float[1][][];
    private final int[] index;
    private final Packet packet = new Packet();

    private VorbisStream(InputStream raw, OggReader ogg, AudioInfo info, DspState dsp, Block block) {
        super(raw, info, info.sampleRate());
        this.ogg = ogg;
        this.dsp = dsp;
        this.block = block;
        this.channels = info.channels();
        this.index = new int[channels];
    }

    /** @param first the stream's first packet, already read (it starts with {@code \1vorbis}) */
    static VorbisStream open(InputStream raw, OggReader ogg, byte[] first, String name) throws IOException {
        Info info = new Info();
        Comment comment = new Comment();
        info.init();
        comment.init();
        byte[] p = first;
        for (int h = 0; h < 3; h++) {
            if (p == null) {
                throw new AudioFormatException(name + ": truncated Ogg Vorbis: the file ends inside its headers");
            }
            if (h == 1) {
                if (p.length < 7 || p[0] != 3 || p[1] != 'v' || p[6] != 's') {
                    throw new AudioFormatException(name + ": bad Ogg Vorbis: the second packet is not the comment header");
                }
                // JOrbis allocates the vendor and comment lengths the header claims (found by fuzzing: out of
                // memory on 4 KB); the tags are not used here, so JOrbis gets an empty comment header instead
                p = EMPTY_COMMENT;
            }
            if (h == 2 && p.length >= 7 && p[0] == 5) {
                VorbisSetup.check(p, name); // JOrbis would allocate what the codebooks claim before reading them
            }
            int r;
            try {
                r = info.synthesis_headerin(comment, packet(p, h == 0));
            } catch (RuntimeException e) {
                r = -1;
            }
            if (r < 0) {
                throw new AudioFormatException(name + ": bad Ogg Vorbis header " + (h + 1) + " of 3");
            }
            if (h == 0 && (info.rate < PcmConverter.MIN_RATE || info.rate > PcmConverter.MAX_RATE
                    || info.channels < 1 || info.channels > MAX_CHANNELS)) {
                throw new AudioFormatException(name + ": Vorbis header says " + info.channels + " channels at "
                        + info.rate + " Hz, outside what emostream reads");
            }
            p = h < 2 ? ogg.next() : null;
        }
        DspState dsp = new DspState();
        Block block;
        try {
            dsp.synthesis_init(info);
            block = new Block(dsp);
        } catch (RuntimeException e) {
            throw new AudioFormatException(name + ": bad Ogg Vorbis setup header (" + e + ")", e);
        }
        SampleFormat format = new SampleFormat(SampleFormat.Encoding.FLOAT, 4, false);
        return new VorbisStream(raw, ogg, new AudioInfo(name, "Ogg Vorbis", format, info.rate, info.channels, -1),
                dsp, block);
    }

    private static Packet packet(byte[] data, boolean bos) {
        Packet p = new Packet();
        p.packet_base = data;
        p.packet = 0;
        p.bytes = data.length;
        p.b_o_s = bos ? 1 : 0;
        p.granulepos = -1;
        return p;
    }

    @Override
    protected boolean decodeBlock() throws IOException {
        byte[] data = ogg.next();
        if (data == null) {
            return false;
        }
        packet.packet_base = data;
        packet.packet = 0;
        packet.bytes = data.length;
        packet.granulepos = ogg.granule();
        if (data.length == 0 || (data[0] & 1) != 0) {
            return true; // an empty or a header packet among the audio: nothing to decode
        }
        if (block.synthesis(packet) != 0) {
            throw damage("corrupt Ogg Vorbis packet " + position());
        }
        dsp.synthesis_blockin(block);
        long limit = ogg.lastPacket() && ogg.granule() >= 0 ? ogg.granule() : Long.MAX_VALUE;
        int n;
        while ((n = dsp.synthesis_pcmout(pcm, index)) > 0) {
            int use = (int) Math.max(0, Math.min(n, limit - decodedFrames));
            float[] mono = monoBuffer(use);
            float scale = 1f / channels;
            for (int i = 0; i < use; i++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += pcm[0][c][index[c] + i];
                }
                mono[i] = sum * scale;
            }
            if (use > 0) {
                deliver(mono, use);
            }
            dsp.synthesis_read(n);
        }
        return true;
    }
}
