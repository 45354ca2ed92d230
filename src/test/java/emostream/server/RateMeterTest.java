package emostream.server;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateMeterTest {

    @Test
    void averagesTheLastTenWholeSeconds() {
        AtomicLong now = new AtomicLong(1_000_000);
        RateMeter m = new RateMeter(now::get);
        assertEquals(0, m.perSecond());
        for (int s = 0; s < 12; s++) {
            for (int i = 0; i < 2; i++) {
                m.mark();
            }
            now.addAndGet(1000);
        }
        assertEquals(2.0, m.perSecond(), 1e-9);
        now.addAndGet(5000);
        assertEquals(1.0, m.perSecond(), 1e-9, "half the window is empty");
        now.addAndGet(60_000);
        assertEquals(0, m.perSecond(), 1e-9);
    }
}
