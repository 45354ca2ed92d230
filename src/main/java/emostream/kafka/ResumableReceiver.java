package emostream.kafka;

import emostream.audio.AudioReceiver;

/**
 * What the Kafka source needs from the pipeline beyond {@link AudioReceiver}: open a stream mid-way, learn the
 * earliest sample it still needs, and let a stream go without flushing. {@code emostream.pipeline.Detector}
 * provides exactly these; {@link #of} adapts it. A small interface keeps the consumer testable without a model.
 */
public interface ResumableReceiver extends AudioReceiver {

    /** Opens {@code stream} at absolute sample {@code startSample} (16 kHz); window numbers stay absolute. */
    void begin(String stream, long startSample);

    /** Earliest absolute sample still needed by windows or transcripts not yet published. */
    long resumePoint(String stream);

    /** Forgets {@code stream} without publishing anything more (its partition moved to another instance). */
    void drop(String stream);
}
