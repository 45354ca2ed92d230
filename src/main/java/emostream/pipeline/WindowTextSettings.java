package emostream.pipeline;

/**
 * Which words go into a window's text input, and when ({@code pipeline.partial.*}, {@code text.window.*}).
 *
 * @param partialRevisions        revise windows from the open utterance's partial words, before the recogniser's
 *                                endpointer declares the utterance over (its final result then closes them)
 * @param partialIntervalSamples  stream audio between two encodings of a growing partial result (each costs one text
 *                                encoding and one model run per window it revises)
 * @param wordAligned             a window's text is the words whose times fall inside the window widened by
 *                                {@code contextSamples} on each side, instead of the whole utterance that overlaps it
 * @param contextSamples          with word-aligned text: context on each side of the window
 */
public record WindowTextSettings(boolean partialRevisions, int partialIntervalSamples, boolean wordAligned,
                                 int contextSamples) {

    /** Partial revisions every second of audio; whole-utterance text (word-aligned text is not measured yet). */
    public static final WindowTextSettings DEFAULT = new WindowTextSettings(true, 16_000, false, 2 * 16_000);

    public WindowTextSettings {
        if (partialIntervalSamples < 0 || contextSamples < 0) {
            throw new IllegalArgumentException("the partial interval and the word context must not be negative");
        }
    }
}
