package emostream.audio;

import java.io.IOException;

/**
 * Produces 16 kHz mono PCM for one or more streams: a microphone, a file, stdin, a WebSocket or a Kafka topic.
 * Sources push; the pipeline behind {@link AudioReceiver} owns windowing and everything after it.
 */
public interface AudioSource extends AutoCloseable {

    /** Sample rate every source delivers, whatever it reads. */
    int SAMPLE_RATE = 16_000;

    /** What the source reads, for logs and errors, e.g. {@code file talk.wav}. */
    String describe();

    /**
     * Reads until the source is exhausted or {@link #close()} is called, handing audio to {@code receiver}
     * in the calling thread. Ends every stream it started with {@link AudioReceiver#end(String)}.
     */
    void pump(AudioReceiver receiver) throws IOException, InterruptedException;

    /** Stops {@link #pump} soon; safe to call from another thread and more than once. */
    @Override
    void close();
}
