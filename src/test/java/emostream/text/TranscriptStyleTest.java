package emostream.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TranscriptStyleTest {

    @Test
    void writtenTextReadsLikeATranscript() {
        assertEquals("oh my god i can't believe it", TranscriptStyle.normalise("Oh my God!!! I can\u2019t believe it..."));
        assertEquals("what", TranscriptStyle.normalise("  What?! "));
        assertEquals("", TranscriptStyle.normalise("..."));
        assertEquals("", TranscriptStyle.normalise(null));
        assertEquals("it's 11 o'clock", TranscriptStyle.normalise("It's 11 o'clock."));
        // a transcript is already in the style
        assertEquals("i told you to close the door", TranscriptStyle.normalise("i told you to close the door"));
    }
}
