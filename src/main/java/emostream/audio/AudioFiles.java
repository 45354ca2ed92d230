package emostream.audio;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The one way audio files and encoded buffers become 16 kHz mono floats in [-1, 1]: WAV (PCM 8/16/24/32-bit,
 * float 32/64, mu-law, a-law, WAVE_FORMAT_EXTENSIBLE) parsed here, FLAC ({@link FlacStream}, jflac), MP3
 * ({@link Mp3Stream}, JLayer), Ogg Vorbis ({@link VorbisStream}, JOrbis) and Ogg Opus ({@link OpusStream},
 * Concentus) over {@link OggReader}, AIFF and AU through Java Sound; any rate (1 kHz..384 kHz) and channel count.
 * The format is told by the first bytes, never by the file name. Channels are averaged, rates converted by
 * {@link Resampler}.
 *
 * <p>Every failure is an {@link IOException} whose message starts with the file (or buffer) name and says what is
 * wrong: {@code talk.wav: not an audio file}, {@code a.wav: truncated WAV: header says 32000 data bytes, file
 * has 1200}, {@code b.m4a: unsupported format: MP4/M4A; convert it to WAV, FLAC, MP3, Ogg Vorbis or Opus}.
 * Allocation follows the bytes actually read, never a length a header claims.
 */
public final class AudioFiles {

    /** Target rate of everything returned here. */
    public static final int SAMPLE_RATE = AudioSource.SAMPLE_RATE;

    private static final int CHUNK_BYTES = 1 << 16;
    private static final long MAX_INITIAL_SAMPLES = 1 << 22;

    private AudioFiles() {
    }

    /** Reads a whole file as 16 kHz mono. */
    public static float[] read(Path file) throws IOException {
        try (AudioStream s = open(file)) {
            return readAll(s);
        }
    }

    /** Decodes a whole encoded file held in memory (e.g. a WAV in a Kafka record); {@code name} is for messages. */
    public static float[] decode(byte[] data, String name) throws IOException {
        try (AudioStream s = open(new ByteArrayInputStream(data), name)) {
            return readAll(s);
        }
    }

    /** Opens a file for incremental decoding; the caller closes it. */
    public static AudioStream open(Path file) throws IOException {
        String name = file.toString();
        InputStream in = openFile(file);
        try {
            return open(in, name);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens an encoded stream (e.g. a WAV on stdin) for incremental decoding; closing the result closes {@code in}. */
    public static AudioStream open(InputStream in, String name) throws IOException {
        BufferedInputStream b = in instanceof BufferedInputStream bis ? bis : new BufferedInputStream(in, CHUNK_BYTES);
        String container = sniff(b, name);
        if (container.equals("WAV")) {
            WavHeader h = WavHeader.read(b, name);
            long frames = h.dataBytes < 0 ? -1 : h.dataBytes / h.frameBytes();
            AudioInfo info = new AudioInfo(name, "WAV", h.format, h.sampleRate, h.channels, frames);
            return new DecodingStream(b, info, h.dataBytes);
        }
        return openCodec(b, name, container);
    }

    /** Formats this class reads, as {@link #detect} names them. */
    public static final java.util.List<String> FORMATS = java.util.List.of("WAV", "AIFF", "AU", "FLAC", "MP3", "Ogg");

    /** What to tell a user whose audio is in another format. */
    public static final String CONVERT = "convert it to WAV, FLAC, MP3, Ogg Vorbis or Opus";

    /**
     * The container the first bytes of {@code in} announce, without consuming them: one of {@link #FORMATS}, the
     * name of a format emostream does not read (e.g. {@code MP4/M4A}, {@code Ogg Speex}), or {@code null} when the
     * bytes are no known container (raw PCM, or not audio at all). An empty stream gives {@code null} too.
     */
    public static String detect(BufferedInputStream in) throws IOException {
        in.mark(SNIFF_BYTES);
        byte[] h = in.readNBytes(SNIFF_BYTES);
        in.reset();
        return identify(h, h.length);
    }

    /** Whether {@code format} (a {@link #detect} result) is one this class decodes. */
    public static boolean readable(String format) {
        return format != null && FORMATS.contains(format);
    }

    private static AudioStream openCodec(BufferedInputStream b, String name, String container) throws IOException {
        switch (container) {
            case "FLAC":
                return FlacStream.open(b, name);
            case "MP3":
                return Mp3Stream.open(b, name);
            case "Ogg": {
                OggReader ogg = new OggReader(b, name);
                byte[] first = ogg.next();
                if (first == null) {
                    throw new AudioFormatException(name + ": empty Ogg stream");
                }
                if (startsWith(first, VORBIS_HEAD)) {
                    return VorbisStream.open(b, ogg, first, name);
                }
                if (startsWith(first, OPUS_HEAD)) {
                    return OpusStream.open(b, ogg, first, name);
                }
                throw new AudioFormatException(name + ": unsupported format: " + oggCodec(first, first.length) + "; " + CONVERT);
            }
            default:
                return openJavaSound(b, name, container);
        }
    }

    private static final byte[] VORBIS_HEAD = {1, 'v', 'o', 'r', 'b', 'i', 's'};
    private static final byte[] OPUS_HEAD = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'};

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return startsWith(b, 0, b.length, prefix);
    }

    private static boolean startsWith(byte[] b, int off, int n, byte[] prefix) {
        if (n - off < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The codec of an Ogg stream from its first packet (at {@code off}); "Ogg" for Vorbis and Opus. */
    private static String oggCodec(byte[] p, int n) {
        return oggCodec(p, 0, n);
    }

    private static String oggCodec(byte[] p, int off, int n) {
        if (startsWith(p, off, n, VORBIS_HEAD) || startsWith(p, off, n, OPUS_HEAD)) {
            return "Ogg";
        }
        String head = n - off >= 8 ? new String(p, off, 8, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        return head.startsWith("\u007fFLAC") ? "Ogg FLAC" : head.startsWith("Speex") ? "Ogg Speex"
                : head.startsWith("\u0080theora") ? "Ogg Theora (video)" : "Ogg (unknown codec)";
    }

    /**
     * Reads only the header: format, rate, channels, length. Cheap enough to validate thousands of dataset files.
     * For WAV it also checks the file is as long as its header says.
     */
    public static AudioInfo probe(Path file) throws IOException {
        String name = file.toString();
        try (InputStream in = openFile(file)) {
            BufferedInputStream b = new BufferedInputStream(in, 8192);
            String container = sniff(b, name);
            if (container.equals("WAV")) {
                WavHeader h = WavHeader.read(b, name);
                long have = Files.size(file) - h.dataOffset;
                if (h.dataBytes >= 0 && h.dataBytes - have >= h.frameBytes()) {
                    throw truncated(name, "WAV", h.dataBytes, have);
                }
                long bytes = h.dataBytes >= 0 ? h.dataBytes : have;
                return new AudioInfo(name, "WAV", h.format, h.sampleRate, h.channels, bytes / h.frameBytes());
            }
            try (AudioStream s = openCodec(b, name, container)) {
                return s.info();
            }
        }
    }

    /** The header of an encoded file held in memory ({@link #probe(Path)} for a buffer, e.g. before sending it). */
    public static AudioInfo probe(byte[] data, String name) throws IOException {
        try (AudioStream s = open(new ByteArrayInputStream(data), name)) {
            return s.info();
        }
    }

    /** A 16-bit PCM mono WAV file's bytes (the inverse of {@link #decode}; samples are clamped to [-1, 1]). */
    public static byte[] wavBytes(float[] samples, int sampleRate) {
        int dataBytes = samples.length * 2;
        ByteBuffer bb = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        bb.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        bb.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (float s : samples) {
            float c = s > 1f ? 1f : s < -1f ? -1f : s;
            bb.putShort((short) Math.round(c * 32767f));
        }
        return bb.array();
    }

    /** Writes a 16-bit PCM mono WAV; the file appears complete or not at all. */
    public static void writeWav(Path file, float[] samples, int sampleRate) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.write(tmp, wavBytes(samples, sampleRate));
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static float[] readAll(AudioStream s) throws IOException {
        long frames = s.info().frames();
        // the header's length is a hint, never trusted for the allocation: a header claiming hours gets 4 M samples
        // to start with and grows only as real samples arrive
        int guess = frames < 0 ? 1 << 16 : (int) Math.min(MAX_INITIAL_SAMPLES, frames * SAMPLE_RATE / s.info().sampleRate() + 2);
        float[] out = new float[Math.max(16, guess)];
        int n = 0;
        while (true) {
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            int r = s.read(out, n, out.length - n);
            if (r < 0) {
                return n == out.length ? out : Arrays.copyOf(out, n);
            }
            n += r;
        }
    }

    private static InputStream openFile(Path file) throws IOException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new IOException(name + ": is a directory, not an audio file");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IOException(name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException(name + ": permission denied", e);
        }
    }

    /** Enough for a RIFF header, or an Ogg page header with a full segment table and the first packet's magic. */
    private static final int SNIFF_BYTES = 27 + 255 + 8;

    /** Names the container from its magic bytes without consuming them; refuses what this class does not read. */
    private static String sniff(BufferedInputStream in, String name) throws IOException {
        in.mark(SNIFF_BYTES);
        byte[] h = in.readNBytes(SNIFF_BYTES);
        in.reset();
        if (h.length == 0) {
            throw new AudioFormatException(name + ": empty file, not an audio file");
        }
        String format = identify(h, h.length);
        if (readable(format)) {
            return format;
        }
        if (format != null) {
            throw new AudioFormatException(name + ": unsupported format: " + format + "; " + CONVERT);
        }
        throw new AudioFormatException(name + ": not an audio file");
    }

    private static String identify(byte[] h, int n) {
        String a = n >= 4 ? WavHeader.ascii(h, 0) : "";
        String b = n >= 12 ? WavHeader.ascii(h, 8) : "";
        if (a.equals("RIFF") && b.equals("WAVE")) {
            return "WAV";
        }
        if (a.equals("FORM") && (b.equals("AIFF") || b.equals("AIFC"))) {
            return "AIFF";
        }
        if (a.equals(".snd")) {
            return "AU";
        }
        if (a.equals("fLaC")) {
            return "FLAC";
        }
        if (a.equals("OggS")) {
            int segments = n > 26 ? h[26] & 0xff : 0;
            return n >= 27 + segments + 8 ? oggCodec(h, 27 + segments, n) : "Ogg";
        }
        if (a.startsWith("ID3") || n >= 4 && mpegAudioHeader(h)) {
            return "MP3";
        }
        if (n >= 2 && (h[0] & 0xff) == 0xFF && (h[1] & 0xF6) == 0xF0) {
            return "AAC (ADTS)";
        }
        return a.equals("RIFX") ? "big-endian RIFX WAV"
                : a.equals("RF64") ? "RF64 (64-bit WAV)"
                : a.equals("caff") ? "CAF"
                : a.equals("wvpk") ? "WavPack"
                : a.equals("MAC ") ? "Monkey's Audio"
                : a.startsWith("#!AMR") ? "AMR"
                : n >= 4 && (h[0] & 0xff) == 0x30 && (h[1] & 0xff) == 0x26 && (h[2] & 0xff) == 0xB2 && (h[3] & 0xff) == 0x75 ? "WMA/ASF"
                : n >= 4 && (h[0] & 0xff) == 0x1A && (h[1] & 0xff) == 0x45 && (h[2] & 0xff) == 0xDF && (h[3] & 0xff) == 0xA3 ? "WebM/Matroska"
                : n >= 8 && WavHeader.ascii(h, 4).equals("ftyp") ? "MP4/M4A"
                : a.equals("RIFF") ? "RIFF " + b.replaceAll("[^\\x20-\\x7e]", "?")
                : null;
    }

    /** An MPEG audio frame header: 11 sync bits, a layer, a bit rate and a sample rate that exist. */
    private static boolean mpegAudioHeader(byte[] h) {
        int b1 = h[1] & 0xff;
        int b2 = h[2] & 0xff;
        return (h[0] & 0xff) == 0xFF && (b1 & 0xE0) == 0xE0 && (b1 & 0x18) != 0x08 && (b1 & 0x06) != 0
                && (b2 & 0xF0) != 0xF0 && (b2 & 0x0C) != 0x0C;
    }

    private static AudioStream openJavaSound(BufferedInputStream in, String name, String container)
            throws IOException {
        AudioInputStream ais;
        try {
            ais = AudioSystem.getAudioInputStream(in);
        } catch (UnsupportedAudioFileException e) {
            throw new AudioFormatException(name + ": unsupported " + container + " variant"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new AudioFormatException(name + ": bad " + container + " header: " + e.getMessage(), e);
        }
        AudioFormat f = ais.getFormat();
        AudioFormat.Encoding e = f.getEncoding();
        SampleFormat.Encoding enc = e.equals(AudioFormat.Encoding.PCM_SIGNED) ? SampleFormat.Encoding.SIGNED
                : e.equals(AudioFormat.Encoding.PCM_UNSIGNED) ? SampleFormat.Encoding.UNSIGNED
                : e.equals(AudioFormat.Encoding.PCM_FLOAT) ? SampleFormat.Encoding.FLOAT
                : e.equals(AudioFormat.Encoding.ULAW) ? SampleFormat.Encoding.ULAW
                : e.equals(AudioFormat.Encoding.ALAW) ? SampleFormat.Encoding.ALAW
                : null;
        int channels = f.getChannels();
        int frameSize = f.getFrameSize();
        int rate = Math.round(f.getSampleRate());
        if (enc == null || channels < 1 || frameSize <= 0 || frameSize % channels != 0) {
            ais.close();
            throw new AudioFormatException(name + ": unsupported encoding in " + container + ": " + f);
        }
        if (channels > PcmConverter.MAX_CHANNELS || rate < PcmConverter.MIN_RATE || rate > PcmConverter.MAX_RATE) {
            ais.close();
            throw new AudioFormatException(name + ": " + container + " header says " + channels + " channels at "
                    + rate + " Hz, outside what emostream reads");
        }
        SampleFormat sf;
        try {
            sf = new SampleFormat(enc, frameSize / channels, f.isBigEndian());
        } catch (IllegalArgumentException ex) {
            ais.close();
            throw new AudioFormatException(name + ": " + ex.getMessage() + " in " + container, ex);
        }
        long frames = ais.getFrameLength();
        frames = frames == AudioSystem.NOT_SPECIFIED ? -1 : frames;
        AudioInfo info = new AudioInfo(name, container, sf, rate, channels, frames);
        return new DecodingStream(ais, info, frames < 0 ? -1 : frames * frameSize);
    }

    static AudioFormatException truncatedFlac(String name, long declared, long have) {
        return new AudioFormatException(name + ": truncated FLAC: header says " + declared + " samples, file has " + have);
    }

    static AudioFormatException truncated(String name, String container, long declared, long have) {
        return new AudioFormatException(name + ": truncated " + container + ": header says " + declared
                + " data bytes, file has " + have);
    }

    /** Raw sample bytes → {@link PcmConverter} → buffered floats. */
    private static final class DecodingStream implements AudioStream {
        private final InputStream in;
        private final AudioInfo info;
        private final long declared;  // -1: read to the end
        private final PcmConverter converter;
        private final byte[] chunk;
        private long consumed;
        private float[] pending = new float[0];
        private int pendingPos;
        private boolean done;

        DecodingStream(InputStream in, AudioInfo info, long declared) {
            this.in = in;
            this.info = info;
            this.declared = declared;
            this.converter = new PcmConverter(info.sampleRate(), info.channels(), info.format());
            int frameBytes = info.format().bytes() * info.channels();
            this.chunk = new byte[Math.max(frameBytes, CHUNK_BYTES / frameBytes * frameBytes)];
        }

        @Override
        public AudioInfo info() {
            return info;
        }

        @Override
        public int read(float[] dst, int off, int len) throws IOException {
            while (pendingPos == pending.length) {
                if (done) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, pending.length - pendingPos);
            System.arraycopy(pending, pendingPos, dst, off, n);
            pendingPos += n;
            return n;
        }

        private void fill() throws IOException {
            int want = declared < 0 ? chunk.length : (int) Math.min(chunk.length, declared - consumed);
            int r = want == 0 ? -1 : in.read(chunk, 0, want);
            if (r < 0) {
                int frameBytes = info.format().bytes() * info.channels();
                if (declared >= 0 && declared - consumed >= frameBytes) {
                    throw truncated(info.source(), info.container(), declared, consumed);
                }
                pending = converter.flush();
                done = true;
            } else {
                consumed += r;
                pending = converter.convert(chunk, 0, r);
            }
            pendingPos = 0;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
