package emostream.asr;

import java.util.List;

/** Streaming recognition of one stream. Not thread-safe: one caller per stream. */
public interface TranscriberSession extends AutoCloseable {

    /** Feeds 16 kHz mono samples in [-1, 1]; returns the results that became available (often none). */
    List<Transcript> accept(float[] samples, int offset, int length);

    /**
     * The next {@code length} samples of the stream are left out (silence not worth decoding): they are not
     * recognised, but later results keep their times on the stream's timeline.
     */
    void skip(int length);

    /** Ends the stream: returns the last final result, if any. */
    List<Transcript> finish();

    /**
     * Ends the current utterance now, as if it had reached its end, and goes on with the stream: returns its final
     * result, if any. Used before a stretch of audio is left out ({@link #skip}) so that words on either side of
     * the gap are not joined. The default suits recognisers that go on after {@link #finish()}.
     */
    default List<Transcript> flush() {
        return finish();
    }

    @Override
    void close();
}
