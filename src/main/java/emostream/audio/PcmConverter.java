package emostream.audio;

import java.util.Arrays;

/**
 * Incremental bytes-to-16-kHz-mono conversion for chunked raw PCM (stdin, WebSocket frames, Kafka records):
 * decodes interleaved frames of any {@link SampleFormat}, averages the channels and resamples with one
 * {@link Resampler} whose state carries across chunks. A frame split between two chunks is completed by the
 * next chunk. Not thread-safe: one per stream.
 */
public final class PcmConverter {

    public static final int MIN_RATE = 1_000;
    /**
     * The highest rate in use is 384 kHz (DXD 352.8/384 kHz); a header claiming more is damage, and the resampling
     * filter for such rates takes seconds and tens of MB to build (found by fuzzing).
     */
    public static final int MAX_RATE = 384_000;
    public static final int MAX_CHANNELS = 64;

    private final SampleFormat format;
    private final int channels;
    private final int frameBytes;
    private final Resampler resampler;
    private final byte[] partial;
    private int partialLen;
    private float[] mono = new float[0];

    /** 16-bit signed little-endian input. */
    public PcmConverter(int sampleRate, int channels) {
        this(sampleRate, channels, SampleFormat.S16LE);
    }

    /** @throws IllegalArgumentException for a rate outside 1 kHz..384 kHz or a channel count outside 1..64 */
    public PcmConverter(int sampleRate, int channels, SampleFormat format) {
        checkRate(sampleRate);
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channel count " + channels + " is outside 1.." + MAX_CHANNELS);
        }
        this.format = format;
        this.channels = channels;
        this.frameBytes = channels * format.bytes();
        this.resampler = new Resampler(sampleRate, AudioSource.SAMPLE_RATE);
        this.partial = new byte[frameBytes];
    }

    static void checkRate(int sampleRate) {
        if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is outside " + MIN_RATE + ".."
                    + MAX_RATE);
        }
    }

    /** One-shot: interleaved 16-bit little-endian PCM at any rate and channel count to 16 kHz mono. */
    public static float[] s16leToMono16k(byte[] data, int sampleRate, int channels) {
        PcmConverter c = new PcmConverter(sampleRate, channels);
        float[] a = c.convert(data, 0, data.length);
        float[] b = c.flush();
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Converts one chunk; returns the 16 kHz mono samples that are complete now (possibly none). */
    public float[] convert(byte[] data, int off, int len) {
        int p = off;
        int end = off + len;
        int frames = (partialLen + len) / frameBytes;
        if (mono.length < frames) {
            mono = new float[frames];
        }
        int n = 0;
        if (partialLen > 0) {
            int need = Math.min(frameBytes - partialLen, len);
            System.arraycopy(data, p, partial, partialLen, need);
            partialLen += need;
            p += need;
            if (partialLen < frameBytes) {
                return new float[0];
            }
            format.decodeMono(partial, 0, 1, channels, mono, n++);
            partialLen = 0;
        }
        int whole = (end - p) / frameBytes;
        format.decodeMono(data, p, whole, channels, mono, n);
        n += whole;
        p += whole * frameBytes;
        partialLen = end - p;
        System.arraycopy(data, p, partial, 0, partialLen);
        return resampler.process(mono, 0, n);
    }

    /** Ends the stream: returns the resampler's tail. An incomplete trailing frame is dropped. */
    public float[] flush() {
        partialLen = 0;
        return resampler.flush();
    }

    /** Bytes of an incomplete frame waiting for the next chunk. */
    public int pendingBytes() {
        return partialLen;
    }
}
