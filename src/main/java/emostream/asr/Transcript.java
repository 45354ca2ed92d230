package emostream.asr;

import java.util.List;

/**
 * A recognition result; times in ms from the stream start. A partial result carries the words heard so far where the
 * recogniser gives them (their times, and the words themselves, may still change until the final result).
 */
public record Transcript(String text, long startMs, long endMs, List<Word> words, boolean isFinal) {

    public Transcript {
        words = List.copyOf(words);
    }

    public boolean isEmpty() {
        return text == null || text.isBlank();
    }
}
