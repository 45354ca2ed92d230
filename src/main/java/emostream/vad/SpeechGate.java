package emostream.vad;

/**
 * One stream's voice-activity detector: audio goes in as it arrives, and any span of it can be asked whether it is
 * speech. Everything downstream reads this verdict: a silent window is published as {@code silence} without the
 * model, speech recognition skips long silences, speaker statistics only see speech.
 * <p>
 * Positions are absolute stream samples at 16 kHz. A verdict may be asked for audio the detector has not decided
 * yet (the last few milliseconds): such samples count as what the detector hears now.
 */
public interface SpeechGate {

    /** The grid spans are asked on: window hops are multiples of 10 ms. */
    int GRID = 160;

    /** Audio that follows what was pushed before. */
    void push(float[] pcm, int offset, int length);

    /** The verdict on the audio in absolute samples [start, end) (end = real audio end, not padding). */
    Verdict judge(long start, long end);

    /**
     * @param speech whether the window goes to the model (its voiced fraction reached the window rule)
     * @param voiced fraction of the span judged as speech
     */
    record Verdict(boolean speech, double voiced) {
    }
}
