package emostream.server;

import emostream.audio.AudioReceiver;
import emostream.metrics.Metrics;
import emostream.publish.EventBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * stopAudio() is what run calls before the detector flushes: when it returns, no /ws/audio thread may be inside
 * the pipeline or enter it later, even when the pipeline is far slower than the audio arriving.
 */
@Timeout(60)
class ShutdownTest {

    /** A pipeline that takes 200 ms per chunk and notices overlapping or late calls. */
    static final class SlowPipeline implements AudioReceiver {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger ends = new AtomicInteger();
        volatile boolean closed;
        volatile boolean misuse;

        @Override
        public void audio(String stream, float[] s, int off, int len) {
            enter();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
        }

        @Override
        public void end(String stream) {
            enter();
            ends.incrementAndGet();
            inside.decrementAndGet();
        }

        private void enter() {
            calls.incrementAndGet();
            if (closed || inside.incrementAndGet() > 1) {
                misuse = true;
            }
        }
    }

    @Test
    void aSlowPipelineIsLeftAloneOnceStopAudioReturns() throws Exception {
        SlowPipeline slow = new SlowPipeline();
        try (WebServer server = WebServer.start(TestServers.settings(Map.of("server.audio.queue-seconds", "60")),
                new EventBus(), slow, Set::of, new Metrics())) {
            WsClient a = WsClient.connect(server.wsUrl("/ws/audio?stream=slow"));
            a.sendPcm(new byte[3200 * 40], 3200);   // 40 chunks: 8 s of work for the slow pipeline
            while (slow.calls.get() == 0) {
                Thread.sleep(10);
            }
            long t0 = System.nanoTime();
            server.stopAudio(500);
            long took = (System.nanoTime() - t0) / 1_000_000;
            slow.closed = true;                    // as if the detector closed now
            assertEquals(0, slow.inside.get(), "no stream thread inside the pipeline");
            Thread.sleep(500);
            assertFalse(slow.misuse, "no overlapping or late calls");
            assertTrue(slow.calls.get() < 40, "the backlog was skipped: " + slow.calls.get());
            assertEquals(0, slow.ends.get(), "the flush is left to the pipeline's close");
            assertTrue(took < 5_000, "stopAudio took " + took + " ms");
            assertEquals(1001, a.awaitClose(5).code());
        }
    }

    @Test
    void aFastPipelineGetsEveryChunkAndTheEnd() throws Exception {
        RecordingReceiver rec = new RecordingReceiver();
        try (WebServer server = WebServer.start(TestServers.settings(Map.of()), new EventBus(), rec, Set::of, new Metrics())) {
            WsClient a = WsClient.connect(server.wsUrl("/ws/audio?stream=fast"));
            a.sendPcm(new byte[3200 * 10], 3200);
            while (rec.samples("fast") < 16_000) {
                Thread.sleep(10);
            }
            server.stopAudio();
            assertEquals(16_000, rec.samples("fast"));
            assertEquals(java.util.List.of("fast"), rec.ended);
            WsClient late = WsClient.connect(server.wsUrl("/ws/audio?stream=late"));
            WsClient.Closed c = late.awaitClose(5);
            assertEquals(1001, c.code());
            assertEquals("server shutting down", c.reason());
        }
    }
}
