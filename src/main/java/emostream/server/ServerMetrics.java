package emostream.server;

import emostream.metrics.Metrics;

import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/** What the server counts, registered in the shared registry that {@code GET /metrics} renders. */
final class ServerMetrics {

    final Metrics.Counter eventsSent;
    final Metrics.Counter eventsDropped;
    final Metrics.Counter slowClientsClosed;
    final Metrics.Counter audioBytes;
    final Metrics.Counter audioRejected;

    ServerMetrics(Metrics m, IntSupplier eventClients, IntSupplier audioStreams, DoubleSupplier windowsPerSecond) {
        m.gauge("emostream_windows_per_second", "Emotion windows published per second, all streams, over the last "
                + RateMeter.SECONDS + " s", windowsPerSecond);
        m.gauge("emostream_ws_clients", "WebSocket clients receiving events", eventClients::getAsInt);
        m.gauge("emostream_ws_audio_streams", "Audio streams open on /ws/audio", audioStreams::getAsInt);
        eventsSent = m.counter("emostream_ws_events_sent_total", "Event frames handed to WebSocket clients");
        eventsDropped = m.counter("emostream_ws_dropped_events_total",
                "Events dropped (oldest first) because a WebSocket client's buffer was full");
        slowClientsClosed = m.counter("emostream_ws_slow_clients_closed_total",
                "WebSocket clients closed because they accepted nothing while their buffer stayed full");
        audioBytes = m.counter("emostream_ws_audio_bytes_total", "PCM bytes received on /ws/audio");
        audioRejected = m.counter("emostream_ws_audio_rejected_total",
                "/ws/audio sockets closed for bad input (parameters, frame type, size or length)");
    }
}
