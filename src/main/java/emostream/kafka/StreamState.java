package emostream.kafka;

import emostream.audio.AudioSource;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;

/**
 * What the consumer remembers about one open stream: where the next chunk must start, and which records
 * still hold audio the detector needs (their offsets bound what may be committed).
 */
final class StreamState {

    /** A record fed to the detector: its offset and the absolute 16 kHz samples [start, end) it carried. */
    record Fed(long offset, long start, long end) {
    }

    final String stream;
    final TopicPartition partition;
    final int sampleRate;
    long lastSeq;
    /** Frame index (at {@link #sampleRate}) where the next chunk must start. */
    long nextFrame;
    long lastActivityNanos;
    final ArrayDeque<Fed> fed = new ArrayDeque<>();

    StreamState(String stream, TopicPartition partition, int sampleRate, long seq, long startFrame) {
        this.stream = stream;
        this.partition = partition;
        this.sampleRate = sampleRate;
        this.lastSeq = seq - 1;
        this.nextFrame = startFrame;
    }

    /**
     * Absolute 16 kHz sample of frame {@code frame} at {@code rate}: floor(frame × 16000 / rate). Chunks converted
     * independently therefore tile the 16 kHz timeline exactly, and a consumer that starts mid-stream computes
     * the same position as one that read the stream from its start.
     */
    static long toSample(long frame, int rate) {
        // no overflow below 5e14 frames (300 years at 48 kHz)
        return rate == AudioSource.SAMPLE_RATE ? frame : frame * AudioSource.SAMPLE_RATE / rate;
    }

    /**
     * Forgets records whose audio lies wholly before {@code resumePoint} and returns the offset of the first
     * record still needed, or -1 when none is.
     */
    long neededOffset(long resumePoint) {
        while (!fed.isEmpty() && fed.peekFirst().end() <= resumePoint) {
            fed.pollFirst();
        }
        return fed.isEmpty() ? -1 : fed.peekFirst().offset();
    }
}
