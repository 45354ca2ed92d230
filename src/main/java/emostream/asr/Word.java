package emostream.asr;

/** One recognised word, times in ms from the stream start. */
public record Word(String word, long startMs, long endMs, double confidence) {
}
