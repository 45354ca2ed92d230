package emostream.server;

import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.EventSink;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The server's {@link EventSink} on the pipeline's bus: serialises each event once and offers it to every
 * subscribed client whose stream filter matches. Never blocks the pipeline: each client buffers with a bound
 * ({@link EventClient}). Keeps the last events so a dashboard opened mid-stream starts with the recent past: the
 * latest record of each id (a window's revision replaces its earlier records, as in a compacted Kafka topic), in the
 * order they were last published.
 */
final class EventBroadcaster implements EventSink {

    private record Frame(String stream, byte[] json) {
    }

    /** Insertion-ordered by last publication; the oldest go first past the limit. */
    private static final class History extends java.util.LinkedHashMap<String, Frame> {
        private final int limit;

        History(int limit) {
            super(Math.min(limit, 4096), 0.75f, false);
            this.limit = limit;
        }

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Frame> eldest) {
            return size() > limit;
        }
    }

    private final Function<Event, String> json;
    private final int historyLimit;
    private final Set<EventClient> clients = ConcurrentHashMap.newKeySet();
    // guarded by itself; also orders publishing against subscribing, so history + live has no gap or repeat
    private final History history;
    private final RateMeter windows = new RateMeter(System::currentTimeMillis);

    EventBroadcaster(Function<Event, String> json, int historyLimit) {
        this.json = json;
        this.historyLimit = historyLimit;
        this.history = new History(Math.max(1, historyLimit));
    }

    @Override
    public void publish(Event event) {
        if (event instanceof EmotionEvent) {
            windows.mark();
        }
        Frame frame = new Frame(event.stream(), json.apply(event).getBytes(StandardCharsets.UTF_8));
        synchronized (history) {
            if (historyLimit > 0) {
                history.remove(event.id()); // a revision moves its window to the end: what was last published
                history.put(event.id(), frame);
            }
            for (EventClient c : clients) {
                if (c.wants(frame.stream)) {
                    c.offer(frame.json);
                }
            }
        }
    }

    /** Adds a client; with {@code replay} it first gets the most recent matching events (at most its buffer). */
    void subscribe(EventClient client, boolean replay) {
        synchronized (history) {
            if (replay) {
                List<byte[]> recent = new ArrayList<>();
                List<Frame> all = new ArrayList<>(history.values());
                for (int i = all.size() - 1; i >= 0 && recent.size() < client.capacity(); i--) {
                    Frame f = all.get(i);
                    if (client.wants(f.stream)) {
                        recent.add(f.json);
                    }
                }
                for (int i = recent.size() - 1; i >= 0; i--) {
                    client.offer(recent.get(i));
                }
            }
            clients.add(client);
        }
    }

    void unsubscribe(EventClient client) {
        clients.remove(client);
    }

    /** Emotion windows published per second, all streams, over the last seconds. */
    double windowsPerSecond() {
        return windows.perSecond();
    }

    int clientCount() {
        return clients.size();
    }

    /** Streams seen in the kept history, most recent last. */
    List<String> recentStreams() {
        java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
        synchronized (history) {
            for (Frame f : history.values()) {
                seen.remove(f.stream);
                seen.add(f.stream);
            }
        }
        return List.copyOf(seen);
    }

    /** Server shutdown: every client gets 1001 "going away". */
    @Override
    public void close() {
        for (EventClient c : clients) {
            c.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server shutting down");
        }
        clients.clear();
    }
}
