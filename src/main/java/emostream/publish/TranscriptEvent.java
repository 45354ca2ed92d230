package emostream.publish;

import emostream.asr.Word;

import java.util.List;

/**
 * A Vosk result for a stream: one per final result (and, when enabled, partial ones with {@code isFinal=false}).
 *
 * @param seq   where the utterance began on the stream's timeline, in 10 ms units (the recogniser's segment start / 160
 *              samples): increasing, and the same when a stream is replayed from {@code Detector.resumePoint}, so ids
 *              never collide after a restart. Partials carry the seq of the final they precede.
 * @param words word timings; empty for partial results
 */
public record TranscriptEvent(
        String stream,
        long seq,
        long startMs,
        long endMs,
        String text,
        List<Word> words,
        boolean isFinal) implements Event {

    public TranscriptEvent {
        words = List.copyOf(words);
    }

    @Override
    public String type() {
        return "transcript";
    }

    @Override
    public String id() {
        return stream + ":t" + seq + (isFinal ? "" : ":partial");
    }
}
