package emostream.asr;

import java.util.List;

/** A recognition result; times in ms from the stream start. Partial results carry no words. */
public record Transcript(String text, long startMs, long endMs, List<Word> words, boolean isFinal) {

    public Transcript {
        words = List.copyOf(words);
    }

    public boolean isEmpty() {
        return text == null || text.isBlank();
    }
}
