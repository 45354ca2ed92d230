package emostream.pipeline;

import emostream.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order in which the recognition pool serves queued turns, with one worker held busy meanwhile. */
class RecognitionPoolTest {

    private static final int SR = 16_000;

    @Test
    void aShortQueueGoesAheadOfALongOneButALongOneWaitsAtMostItsOwnAudio() throws Exception {
        Metrics metrics = new Metrics();
        Metrics.Histogram waits = metrics.histogram("waits", "test", 0.1, 1);
        try (RecognitionPool pool = new RecognitionPool(1, 0, waits)) {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            List<String> order = new CopyOnWriteArrayList<>();
            pool.execute(() -> {
                started.countDown();
                await(busy);
            }, 0);
            assertTrue(started.await(5, TimeUnit.SECONDS));
            pool.execute(() -> order.add("recorded, 5 s queued"), 5L * SR);
            pool.execute(() -> order.add("live, utterance just ended, 0.2 s queued"), SR / 5);
            pool.execute(() -> order.add("live, 0.2 s queued, later"), SR / 5);
            Thread.sleep(400);
            // queued 0.4 s after the long one, with 0.1 s of audio: still due before it (5 s), ...
            pool.execute(() -> order.add("live, 0.1 s queued, 0.4 s later"), SR / 10);
            busy.countDown();
            awaitSize(order, 4);
            assertEquals(List.of("live, utterance just ended, 0.2 s queued", "live, 0.2 s queued, later",
                    "live, 0.1 s queued, 0.4 s later", "recorded, 5 s queued"), order);
            // ... but a turn whose deadline is later than the long one's goes after it: nothing starves
            CountDownLatch busy2 = new CountDownLatch(1);
            order.clear();
            pool.execute(() -> await(busy2), 0);
            Thread.sleep(100);
            pool.execute(() -> order.add("long, 0.3 s queued"), SR * 3 / 10);
            Thread.sleep(400);
            pool.execute(() -> order.add("short, queued 0.4 s later"), SR / 10);
            busy2.countDown();
            awaitSize(order, 2);
            assertEquals(List.of("long, 0.3 s queued", "short, queued 0.4 s later"), order);
            assertEquals(8, waits.count(), "every turn's wait is measured");
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitSize(List<String> l, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (l.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
