package emostream.audio;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusMSDecoder;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ogg Opus (RFC 7845) decoded with Concentus at 48 kHz, then resampled like every other format. (Opus decoders
 * can render 16 kHz directly, but Concentus 1.0.2 returns silence at 16 kHz for SILK-coded speech, which is what
 * opusenc makes of 16 kHz input: measured, see docs/DECODERS.md.) The {@code OpusHead} header gives the channels, the pre-skip (dropped from the start) and
 * the output gain; the last page's granule position trims the end. Channel mapping families 0 (mono, stereo)
 * and 1 (up to 8 channels, Vorbis order) are read; the channels are averaged.
 */
final class OpusStream extends CodecStream {

    /** The decoding rate; granule positions and the pre-skip count 48 kHz samples too. */
    private static final int RATE = 48_000;
    /** 120 ms, the longest an Opus packet can hold. */
    private static final int MAX_FRAME = RATE * 120 / 1000;
    private static final int MAX_CHANNELS = 8;

    private final OggReader ogg;
    private final OpusDecoder decoder;       // mapping family 0
    private final OpusMSDecoder multistream; // family 1
    private final int channels;              // of the decoder's output
    private final short[] pcm;
    private final long preSkip;
    private final float gain;
    private long produced;                   // samples decoded, pre-skip included

    private OpusStream(InputStream raw, OggReader ogg, AudioInfo info, OpusDecoder decoder, OpusMSDecoder multistream,
                       int channels, long preSkip, float gain) {
        super(raw, info, RATE);
        this.ogg = ogg;
        this.decoder = decoder;
        this.multistream = multistream;
        this.channels = channels;
        this.pcm = new short[MAX_FRAME * channels];
        this.preSkip = preSkip;
        this.gain = gain;
    }

    /** @param head the stream's first packet, already read (it starts with {@code OpusHead}) */
    static OpusStream open(InputStream raw, OggReader ogg, byte[] head, String name) throws IOException {
        if (head.length < 19) {
            throw new AudioFormatException(name + ": bad Opus header: " + head.length + " bytes, expected at least 19");
        }
        int version = head[8] & 0xff;
        if (version >> 4 != 0) {
            throw new AudioFormatException(name + ": unsupported Opus version " + version);
        }
        int channels = head[9] & 0xff;
        int preSkip = (int) OggReader.le(head, 10, 2);
        long inputRate = OggReader.le(head, 12, 4);
        short gainQ8 = (short) OggReader.le(head, 16, 2);
        int family = head[18] & 0xff;
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new AudioFormatException(name + ": Opus header says " + channels + " channels, outside 1.." + MAX_CHANNELS);
        }
        OpusDecoder decoder = null;
        OpusMSDecoder multistream = null;
        int outChannels;
        try {
            if (family == 0) {
                if (channels > 2) {
                    throw new AudioFormatException(name + ": bad Opus header: mapping family 0 with " + channels + " channels");
                }
                decoder = new OpusDecoder(RATE, 1);   // a stereo stream is mixed down to mono by the decoder
                outChannels = 1;
            } else if (family == 1) {
                if (head.length < 21 + channels) {
                    throw new AudioFormatException(name + ": bad Opus header: channel mapping table cut short");
                }
                int streams = head[19] & 0xff;
                int coupled = head[20] & 0xff;
                if (streams < 1 || coupled > streams || streams + coupled > 255) {
                    throw new AudioFormatException(name + ": bad Opus header: " + streams + " streams, " + coupled + " coupled");
                }
                short[] mapping = new short[channels];
                for (int c = 0; c < channels; c++) {
                    mapping[c] = (short) (head[21 + c] & 0xff);
                    if (mapping[c] != 255 && mapping[c] >= streams + coupled) {
                        throw new AudioFormatException(name + ": bad Opus header: channel " + c + " maps to stream "
                                + mapping[c] + " of " + (streams + coupled));
                    }
                }
                multistream = OpusMSDecoder.create(RATE, channels, streams, coupled, mapping);
                outChannels = channels;
            } else {
                throw new AudioFormatException(name + ": unsupported Opus channel mapping family " + family
                        + "; convert it to mono or stereo");
            }
        } catch (OpusException | RuntimeException | AssertionError e) {
            throw new AudioFormatException(name + ": bad Opus header (" + e.getMessage() + ")", e);
        }
        byte[] tags = ogg.next();
        if (tags == null) {
            throw new AudioFormatException(name + ": truncated Ogg Opus: the file ends before its OpusTags header");
        }
        if (tags.length < 8 || !new String(tags, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1).equals("OpusTags")) {
            throw new AudioFormatException(name + ": bad Ogg Opus: the second packet is not OpusTags");
        }
        // the gain is Q7.8 dB; the header's input rate is informational only (the decoder runs at 48 kHz or less)
        float gain = (float) Math.pow(10, gainQ8 / (20.0 * 256));
        SampleFormat format = new SampleFormat(SampleFormat.Encoding.SIGNED, 2, false);
        int rate = inputRate >= PcmConverter.MIN_RATE && inputRate <= PcmConverter.MAX_RATE ? (int) inputRate : RATE;
        AudioInfo info = new AudioInfo(name, "Ogg Opus", format, rate, channels, -1);
        return new OpusStream(raw, ogg, info, decoder, multistream, outChannels, preSkip, gain);
    }

    @Override
    protected boolean decodeBlock() throws IOException {
        byte[] data = ogg.next();
        if (data == null) {
            return false;
        }
        if (data.length == 0) {
            return true; // no packet (a lost one is not concealed in a file)
        }
        int n;
        try {
            n = decoder != null ? decoder.decode(data, 0, data.length, pcm, 0, MAX_FRAME, false)
                    : multistream.decodeMultistream(data, 0, data.length, pcm, 0, MAX_FRAME, 0);
        } catch (OpusException e) {
            throw damage("corrupt Opus packet " + position() + " (" + e.getMessage() + ")");
        } catch (AssertionError e) {
            // Concentus checks its arithmetic with unconditional AssertionErrors: on a corrupt packet one escaped
            // the decoder (found by fuzzing) and would have ended the source's thread, Kafka consumer included
            throw damage("corrupt Opus packet " + position() + " (the decoder's own check failed)");
        }
        if (n < 0) {
            throw damage("corrupt Opus packet " + position() + " (error " + n + ")");
        }
        long start = produced;
        produced += n;
        long end = produced;
        if (ogg.lastPacket() && ogg.granule() >= 0) {
            end = Math.min(end, ogg.granule());  // the last page says where the audio really ends
        }
        int from = (int) Math.max(0, Math.min(n, preSkip - start));
        int to = (int) Math.max(from, Math.min(n, end - start));
        int frames = to - from;
        if (frames > 0) {
            deliver16(pcm, from, frames, channels, gain);
        }
        return true;
    }
}
