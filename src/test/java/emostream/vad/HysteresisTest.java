package emostream.vad;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HysteresisTest {

    // 10 ms frames so durations read as frame counts: onset 2 frames, hangover 3, pad 2
    private static final VadSettings.Neural N = new VadSettings.Neural(0.5, 0.3, 20, 30, 20, 0, 0);

    private static String run(double... p) {
        Hysteresis h = new Hysteresis(N, 10, 64);
        for (double x : p) {
            h.add(x, true);
        }
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < p.length; f++) {
            sb.append(h.speech(f) ? 'S' : '.');
        }
        return sb.toString();
    }

    @Test
    void aSingleConfidentFrameDoesNotStartSpeech() {
        assertEquals("......", run(0, 0.9, 0, 0.9, 0, 0));
    }

    @Test
    void anOnsetPadsBackwardsAndAnEndKeepsOnlyThePad() {
        // onset confirmed at frame 4 (frames 3, 4 confident): frames 1..4 speech (2 of padding); last confident frame
        // 6, then 3 quiet frames end it: the pad keeps 7, 8; frame 9 goes back to silence
        assertEquals(".SSSSSSSS..", run(0, 0, 0, 0.8, 0.8, 0.6, 0.6, 0.1, 0.1, 0.1, 0));
    }

    @Test
    void aShortDipInsideSpeechDoesNotEndIt() {
        Hysteresis h = new Hysteresis(N, 10, 64);
        for (double x : new double[] {0.9, 0.9, 0.9, 0.1, 0.1, 0.9, 0.9}) {
            h.add(x, true);
        }
        assertTrue(h.speaking());
        for (int f = 0; f < 7; f++) {
            assertTrue(h.speech(f), "frame " + f);
        }
    }

    @Test
    void betweenTheThresholdsSpeechHoldsButDoesNotStart() {
        assertEquals("....", run(0.4, 0.4, 0.4, 0.4));
        Hysteresis h = new Hysteresis(N, 10, 64);
        for (double x : new double[] {0.9, 0.9, 0.4, 0.4, 0.4, 0.4, 0.4}) {
            h.add(x, true);
        }
        assertTrue(h.speaking());
    }

    @Test
    void anOnsetNeedsAProminentFrame() {
        Hysteresis h = new Hysteresis(N, 10, 64);
        for (int i = 0; i < 5; i++) {
            h.add(0.9, false);
        }
        assertFalse(h.speaking());
        h.add(0.9, true);
        h.add(0.9, true);
        assertTrue(h.speaking());
    }

    @Test
    void framesOlderThanTheRingAreForgotten() {
        Hysteresis h = new Hysteresis(N, 10, 16);
        for (int i = 0; i < 100; i++) {
            h.add(0.9, true);
        }
        assertTrue(h.speech(99));
        assertFalse(h.speech(10));
        assertFalse(h.speech(100));
    }
}
