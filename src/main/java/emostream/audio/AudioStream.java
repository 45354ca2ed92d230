package emostream.audio;

import java.io.Closeable;
import java.io.IOException;

/** An open audio file decoded incrementally to 16 kHz mono floats in [-1, 1] (long files need not fit in memory). */
public interface AudioStream extends Closeable {

    /** The source's own format (before conversion). */
    AudioInfo info();

    /**
     * Reads up to {@code len} converted samples; returns how many, or -1 at the end.
     *
     * @throws AudioFormatException when the data turns out to be truncated or undecodable
     */
    int read(float[] dst, int off, int len) throws IOException;
}
