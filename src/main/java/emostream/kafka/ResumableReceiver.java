package emostream.kafka;

import emostream.audio.AudioReceiver;
import emostream.pipeline.Detector;

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

    /** {@code receiver} itself when it can resume, the {@link Detector} behind this interface, else an error. */
    static ResumableReceiver of(AudioReceiver receiver) {
        if (receiver instanceof ResumableReceiver r) {
            return r;
        }
        if (receiver instanceof Detector d) {
            return new ResumableReceiver() {
                @Override
                public void begin(String stream, long startSample) {
                    d.begin(stream, startSample);
                }

                @Override
                public long resumePoint(String stream) {
                    return d.resumePoint(stream);
                }

                @Override
                public void drop(String stream) {
                    d.drop(stream);
                }

                @Override
                public void audio(String stream, float[] samples, int offset, int length) {
                    d.audio(stream, samples, offset, length);
                }

                @Override
                public void end(String stream) {
                    d.end(stream);
                }
            };
        }
        throw new IllegalArgumentException("the Kafka source needs the Detector (it resumes streams mid-way); got "
                + receiver.getClass().getSimpleName());
    }
}
