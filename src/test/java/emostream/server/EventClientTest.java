package emostream.server;

import emostream.metrics.Metrics;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backpressure of one subscriber, with writability switched off by hand to play a stalled client. */
class EventClientTest {

    private final Metrics metrics = new Metrics();
    private final ServerMetrics serverMetrics = new ServerMetrics(metrics, () -> 0, () -> 0, () -> 0);
    private final AtomicLong now = new AtomicLong();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private EventClient client(int capacity, long stallNanos) {
        return new EventClient(channel, null, capacity, stallNanos, serverMetrics, now::get);
    }

    private static byte[] json(int i) {
        return ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private void stall(boolean stalled) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, !stalled);
    }

    private List<String> sent() {
        channel.runPendingTasks();
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            if (o instanceof TextWebSocketFrame t) {
                out.add(t.text());
            }
            io.netty.util.ReferenceCountUtil.release(o);
        }
        return out;
    }

    @Test
    void deliversInOrderWhileTheClientKeepsUp() {
        EventClient c = client(4, 1_000_000_000L);
        for (int i = 0; i < 10; i++) {
            c.offer(json(i));
            assertEquals(List.of("{\"n\":" + i + "}"), sent());
        }
        assertEquals(0, c.dropped());
        assertEquals(10, serverMetrics.eventsSent.get());
    }

    @Test
    void aStalledClientLosesTheOldestEventsNotTheNewest() {
        EventClient c = client(3, 1_000_000_000L);
        stall(true);
        for (int i = 0; i < 5; i++) {
            c.offer(json(i));
        }
        assertEquals(List.of(), sent());
        assertEquals(3, c.queued());
        assertEquals(2, c.dropped());
        assertEquals(2, serverMetrics.eventsDropped.get());
        stall(false);
        c.drain();
        assertEquals(List.of("{\"n\":2}", "{\"n\":3}", "{\"n\":4}"), sent());
        assertTrue(channel.isOpen());
    }

    @Test
    void aClientStalledPastTheLimitIsClosedWithAReason() {
        EventClient c = client(2, 5_000_000_000L);
        stall(true);
        c.offer(json(0));
        c.offer(json(1));
        now.addAndGet(4_000_000_000L);
        c.offer(json(2));      // full: drops, but only 4 s without progress
        assertTrue(channel.isOpen());
        now.addAndGet(2_000_000_000L);
        c.offer(json(3));      // 6 s: closed
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals(1, serverMetrics.slowClientsClosed.get());
        Object last = null;
        Object o;
        while ((o = channel.readOutbound()) != null) {
            last = o;
        }
        CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, last);
        assertEquals(1008, close.statusCode());
        assertTrue(close.reasonText().startsWith("too slow"), close.reasonText());
    }

    @Test
    void aBurstAfterAQuietPeriodIsNotMistakenForAStall() {
        EventClient c = client(2, 1_000_000_000L);
        now.addAndGet(60_000_000_000L);  // a minute with nothing to send
        stall(true);
        for (int i = 0; i < 4; i++) {
            c.offer(json(i));
        }
        channel.runPendingTasks();
        assertTrue(channel.isOpen(), "idle time is not stall time");
        assertEquals(2, c.dropped());
    }

    @Test
    void afterDrainedWaitsForTheQueueButNotForeverOnAStalledClient() {
        EventClient c = client(4, 1_000_000_000L);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        c.offer(json(0));
        c.afterDrained(() -> done.set(true));
        channel.runPendingTasks();
        assertTrue(done.get(), "a writable client drains at once");
        assertEquals(List.of("{\"n\":0}"), sent());

        done.set(false);
        stall(true);
        c.offer(json(1));
        c.afterDrained(() -> done.set(true));
        channel.advanceTimeBy(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(done.get(), "still waiting for the client");
        now.addAndGet(2_000_000_000L);
        channel.advanceTimeBy(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(done.get(), "gives up after the stall limit");
    }

    @Test
    void streamFilter() {
        EventClient c = new EventClient(channel, "a", 4, 1, serverMetrics, now::get);
        assertTrue(c.wants("a"));
        assertFalse(c.wants("b"));
        assertTrue(client(4, 1).wants("anything"));
    }
}
