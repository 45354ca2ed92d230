package emostream.asr;

/** Speech recogniser: one loaded model shared by many per-stream sessions. */
public interface Transcriber extends AutoCloseable {

    /**
     * A recogniser for one stream whose first sample is {@code startSample} (16 kHz) on the stream's
     * timeline, so result times line up with window times after a restart mid-stream.
     */
    TranscriberSession open(String streamId, long startSample);

    @Override
    void close();
}
