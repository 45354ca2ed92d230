package emostream.asr;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SkipMapTest {

    @Test
    void gapsShiftLaterPositionsOnly() {
        SkipMap m = new SkipMap();
        m.fed(100);
        m.skipped(50);
        m.skipped(25);          // same place: one gap of 75
        m.fed(100);
        m.skipped(10);
        assertEquals(0, m.skippedBefore(99));
        assertEquals(75, m.skippedBefore(100));   // a word starting where speech resumed comes after the gap
        assertEquals(75, m.skippedBefore(199));
        assertEquals(85, m.skippedBefore(200));
        m.forgetBefore(200);
        assertEquals(85, m.skippedBefore(250));
        assertEquals(200, m.fedSamples());
    }
}
