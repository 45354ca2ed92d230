package emostream.audio;

/** Where sources deliver audio: implemented by the pipeline. */
public interface AudioReceiver {

    /**
     * 16 kHz mono samples in [-1, 1] for {@code streamId}. The receiver copies what it keeps,
     * so a source may reuse {@code samples} after the call returns.
     */
    void audio(String streamId, float[] samples, int offset, int length);

    /** No more audio will come for {@code streamId}: flush its last window and transcript. */
    void end(String streamId);
}
