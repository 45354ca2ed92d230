package emostream.audio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An audio file (WAV, FLAC, MP3, Ogg Vorbis/Opus, AIFF, AU; any rate and channels; decoded by {@link AudioFiles}) as one stream.
 * Decoding is incremental, so a file of any length uses a constant amount of memory. Runs as fast as the pipeline
 * allows, or at the speed of real time with {@code realtime} (a recording replayed "live", e.g. for the dashboard).
 * <p>
 * A file that turns out to be truncated or corrupt part-way is not wasted: what was decoded is processed and
 * flushed, then {@link #pump} throws the decoder's one-line error.
 */
public final class FileSource implements AudioSource {

    private static final Logger log = LoggerFactory.getLogger(FileSource.class);
    /** Samples per delivery: one hop of the default windows, so events come out steadily. */
    static final int CHUNK = SAMPLE_RATE / 2;

    /** Opens the decoder when pumping starts, so a bad file is reported by the source's thread like any error. */
    @FunctionalInterface
    public interface Opener {
        AudioStream open() throws IOException;
    }

    private final String name;
    private final Opener opener;
    private final String streamId;
    private final boolean realtime;
    private volatile boolean closed;
    private volatile long samples;

    public FileSource(Path file, String streamId, boolean realtime) {
        this("file " + file, () -> AudioFiles.open(file), streamId, realtime);
    }

    /** Any encoded input {@link AudioFiles} can decode, e.g. a WAV piped into stdin. */
    public FileSource(String name, Opener opener, String streamId, boolean realtime) {
        this.name = name;
        this.opener = opener;
        this.streamId = streamId;
        this.realtime = realtime;
    }

    /** The stream id used when none is given: the file name without its extension. */
    public static String defaultStreamId(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public String streamId() {
        return streamId;
    }

    /** 16 kHz samples delivered so far. */
    public long samples() {
        return samples;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void pump(AudioReceiver receiver) throws IOException, InterruptedException {
        float[] buf = new float[CHUNK];
        long t0 = System.nanoTime();
        try (AudioStream in = opener.open()) {
            log.debug("{}: {}", name, in.info());
            while (!closed) {
                int n = 0;
                IOException failure = null;
                try {
                    n = fill(in, buf);
                } catch (IOException e) {
                    n = filled;   // deliver what was decoded before the damage, then report it
                    failure = e;
                }
                if (n > 0) {
                    receiver.audio(streamId, buf, 0, n);
                    samples += n;
                }
                if (failure != null) {
                    throw failure;
                }
                if (n <= 0) {
                    break;
                }
                if (realtime) {
                    long due = t0 + samples * 1_000_000_000L / SAMPLE_RATE;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
        } finally {
            receiver.end(streamId); // flush whatever was decoded, also after a decoding error
        }
    }

    private int filled; // samples in the buffer when fill() failed

    /** Reads until {@code buf} is full or the file ends. */
    private int fill(AudioStream in, float[] buf) throws IOException {
        filled = 0;
        while (filled < buf.length) {
            int r = in.read(buf, filled, buf.length - filled);
            if (r < 0) {
                break;
            }
            filled += r;
        }
        return filled;
    }

    @Override
    public void close() {
        closed = true;
    }
}
