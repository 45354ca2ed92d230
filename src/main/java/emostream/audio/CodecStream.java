package emostream.audio;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * What every compressed-format decoder (FLAC, MP3, Vorbis, Opus) shares: blocks of decoded samples are averaged to
 * mono, resampled to 16 kHz and buffered for {@link #read}. A decoder only implements {@link #decodeBlock}.
 *
 * <p>Damage part-way (a corrupt frame, a truncated file) is not thrown at once: the audio decoded before it is
 * returned first, then the {@link AudioFormatException} naming the input and the position. A third-party decoder
 * that trips over its own bounds (an {@code ArrayIndexOutOfBoundsException} on a corrupt frame) is reported the
 * same way, so the only exception a caller ever sees is an {@link IOException} whose message names the input.
 */
abstract class CodecStream implements AudioStream {

    private final InputStream raw;
    private final AudioInfo info;
    private final int decodeRate;
    private final Resampler resampler;
    private float[] mono = new float[0];
    private float[] out = new float[0];
    private int outLen;
    private int outPos;
    private boolean done;
    private IOException failure;
    /** Frames decoded so far, at the decoder's rate (for positions in messages). */
    protected long decodedFrames;

    /**
     * @param raw        closed by {@link #close}
     * @param decodeRate the rate the decoder produces (Opus decodes straight to 16 kHz, others at the file's rate)
     */
    protected CodecStream(InputStream raw, AudioInfo info, int decodeRate) {
        this.raw = raw;
        this.info = info;
        this.decodeRate = decodeRate;
        this.resampler = decodeRate == AudioFiles.SAMPLE_RATE ? null : new Resampler(decodeRate, AudioFiles.SAMPLE_RATE);
    }

    /**
     * Decodes the next block and hands its samples to {@link #deliver}; returns false at the end of the stream.
     *
     * @throws AudioFormatException for damage, with a message naming the input
     */
    protected abstract boolean decodeBlock() throws IOException;

    @Override
    public final AudioInfo info() {
        return info;
    }

    /** A mono buffer of at least {@code n} samples, reused between blocks; fill it and pass it to {@link #deliver}. */
    protected final float[] monoBuffer(int n) {
        if (mono.length < n) {
            mono = new float[n];
        }
        return mono;
    }

    /** {@code frames} interleaved 16-bit frames from frame {@code from} of {@code pcm}, times {@code gain} → mono → 16 kHz. */
    protected final void deliver16(short[] pcm, int from, int frames, int channels, float gain) {
        float[] m = monoBuffer(frames);
        float scale = gain / (32768f * channels);
        for (int f = 0, p = from * channels; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += pcm[p++];
            }
            m[f] = sum * scale;
        }
        deliver(m, frames);
    }

    /** {@code n} mono samples at the decoder's rate, clamped to [-1, 1] here. */
    protected final void deliver(float[] samples, int n) {
        for (int i = 0; i < n; i++) {
            float v = samples[i];
            samples[i] = v > 1f ? 1f : v < -1f ? -1f : v == v ? v : 0f;
        }
        decodedFrames += n;
        append(resampler == null ? samples : resampler.process(samples, 0, n), resampler == null ? n : -1);
    }

    private void append(float[] s, int n) {
        int len = n < 0 ? s.length : n;
        if (outPos == outLen) {
            outPos = 0;
            outLen = 0;
        }
        if (outLen + len > out.length) {
            out = Arrays.copyOf(out, Math.max(outLen + len, out.length * 2));
        }
        System.arraycopy(s, 0, out, outLen, len);
        outLen += len;
    }

    /** "after 1.23 s": where in the input the decoder is. */
    protected final String position() {
        return String.format(Locale.ROOT, "after %.2f s", (double) decodedFrames / decodeRate);
    }

    /** A one-line error naming the input. */
    protected final AudioFormatException damage(String what) {
        return new AudioFormatException(info.source() + ": " + what);
    }

    @Override
    public final int read(float[] dst, int off, int len) throws IOException {
        while (outPos == outLen) {
            if (failure != null) {
                IOException e = failure;
                failure = null;
                throw e;
            }
            if (done) {
                return -1;
            }
            try {
                if (!decodeBlock()) {
                    finish();
                }
            } catch (IOException e) {
                failure = e;
                finish();
            } catch (RuntimeException e) {
                // a decoder library's own bounds check on corrupt data: the input's fault, not the caller's
                failure = damage("corrupt " + info.container() + " data " + position() + " (" + e + ")");
                failure.initCause(e);
                finish();
            }
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, dst, off, n);
        outPos += n;
        return n;
    }

    private void finish() {
        done = true;
        if (resampler != null) {
            float[] tail = resampler.flush();
            append(tail, tail.length);
        }
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
