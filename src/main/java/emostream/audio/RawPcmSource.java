package emostream.audio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;

/**
 * Raw interleaved signed 16-bit little-endian PCM from a byte stream (stdin: {@code arecord -f S16_LE | ...},
 * {@code ffmpeg -f s16le -}) at any rate and channel count, converted to 16 kHz mono by {@link PcmConverter}.
 * A stream closed in the middle of a frame loses only that incomplete frame (with a warning); the rest is
 * processed and the last window flushed.
 */
public final class RawPcmSource implements AudioSource {

    private static final Logger log = LoggerFactory.getLogger(RawPcmSource.class);

    private final InputStream in;
    private final String name;
    private final String streamId;
    private final int rate;
    private final int channels;
    private volatile boolean closed;
    private volatile long samples;

    /**
     * @throws IllegalArgumentException for an impossible rate or channel count (checked here, before any reading)
     */
    public RawPcmSource(InputStream in, String name, String streamId, int rate, int channels) {
        new PcmConverter(rate, channels); // validates rate and channels with a one-line message
        this.in = in;
        this.name = name;
        this.streamId = streamId;
        this.rate = rate;
        this.channels = channels;
    }

    @Override
    public String describe() {
        return name + " (raw s16le, " + rate + " Hz, " + channels + " channel" + (channels == 1 ? "" : "s") + ")";
    }

    public long samples() {
        return samples;
    }

    @Override
    public void pump(AudioReceiver receiver) throws IOException {
        PcmConverter converter = new PcmConverter(rate, channels);
        // about 100 ms of input per read: low latency for a live pipe, few calls for a file piped in
        byte[] buf = new byte[Math.max(2 * channels, rate / 10 * 2 * channels)];
        try {
            while (!closed) {
                int r = in.read(buf);
                if (r < 0) {
                    break;
                }
                deliver(receiver, converter.convert(buf, 0, r));
            }
            int pending = converter.pendingBytes();
            if (pending > 0) {
                log.warn("{} ended in the middle of a frame: dropped the last {} byte{}", name, pending, pending == 1 ? "" : "s");
            }
            deliver(receiver, converter.flush());
        } finally {
            receiver.end(streamId);
        }
    }

    private void deliver(AudioReceiver receiver, float[] pcm) {
        if (pcm.length > 0) {
            receiver.audio(streamId, pcm, 0, pcm.length);
            samples += pcm.length;
        }
    }

    /** Stops after the current read; a read blocked on a pipe returns when the writer writes or closes it. */
    @Override
    public void close() {
        closed = true;
    }
}
