package emostream.asr;

import java.util.List;

/** Streaming recognition of one stream. Not thread-safe: one caller per stream. */
public interface TranscriberSession extends AutoCloseable {

    /** Feeds 16 kHz mono samples in [-1, 1]; returns the results that became available (often none). */
    List<Transcript> accept(float[] samples, int offset, int length);

    /** Ends the stream: returns the last final result, if any. */
    List<Transcript> finish();

    @Override
    void close();
}
