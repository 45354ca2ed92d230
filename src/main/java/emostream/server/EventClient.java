package emostream.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * One WebSocket subscriber's outbox. {@link #offer} is called from pipeline threads and never blocks: it appends
 * to a bounded queue (dropping the oldest event when full) and asks the channel's event loop to drain. The loop
 * hands frames to Netty only while the channel is writable, so neither this queue nor Netty's outbound buffer
 * grows without bound. A client whose queue stays full while it accepts nothing for {@code stallNanos} is closed
 * with code 1008 and a reason; it may reconnect (the dashboard does).
 */
final class EventClient {

    private final Channel channel;
    private final String stream;
    private final int capacity;
    private final long stallNanos;
    private final ServerMetrics metrics;
    private final LongSupplier clock;

    // guarded by this
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean drainScheduled;
    private boolean closing;
    /** Last time the client kept up: its queue was empty, or it accepted a frame. */
    private long lastProgress;
    private long dropped;

    /** @param stream only this stream's events, or {@code null} for all */
    EventClient(Channel channel, String stream, int capacity, long stallNanos, ServerMetrics metrics, LongSupplier clock) {
        this.channel = channel;
        this.stream = stream;
        this.capacity = capacity;
        this.stallNanos = stallNanos;
        this.metrics = metrics;
        this.clock = clock;
        this.lastProgress = clock.getAsLong();
    }

    int capacity() {
        return capacity;
    }

    boolean wants(String eventStream) {
        return stream == null || stream.equals(eventStream);
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized int queued() {
        return queue.size();
    }

    /** Queues one UTF-8 JSON frame; never blocks. */
    void offer(byte[] json) {
        boolean schedule;
        boolean stalled = false;
        long now = clock.getAsLong();
        synchronized (this) {
            if (closing) {
                return;
            }
            if (queue.isEmpty()) {
                lastProgress = now;
            }
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped++;
                metrics.eventsDropped.inc();
                if (now - lastProgress > stallNanos) {
                    closing = true;
                    stalled = true;
                }
            }
            if (!stalled) {
                queue.addLast(json);
            }
            schedule = !drainScheduled;
            drainScheduled = true;
        }
        if (stalled) {
            metrics.slowClientsClosed.inc();
            String reason = "too slow: " + dropped() + " events dropped, nothing accepted for "
                    + stallNanos / 1_000_000 + " ms";
            channel.eventLoop().execute(() -> close(WebSocketCloseStatus.POLICY_VIOLATION, reason));
        } else if (schedule) {
            channel.eventLoop().execute(this::drain);
        }
    }

    /** Event loop only: writes queued frames while the channel accepts them. */
    void drain() {
        synchronized (this) {
            drainScheduled = false;
        }
        boolean wrote = false;
        while (channel.isActive() && channel.isWritable()) {
            byte[] next;
            synchronized (this) {
                if (closing) {
                    break;
                }
                next = queue.pollFirst();
                if (next == null) {
                    break;
                }
                lastProgress = clock.getAsLong();
            }
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(next)), channel.voidPromise());
            metrics.eventsSent.inc();
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** Sends a close frame with a reason, then closes (the protocol handler forces it if the peer stalls). */
    void close(WebSocketCloseStatus status, String reason) {
        synchronized (this) {
            closing = true;
            queue.clear();
        }
        Closing.close(channel, status, reason);
    }

    /**
     * Event loop only: runs {@code then} once everything queued so far has been handed to Netty and flushed, or
     * after the stall limit when the client takes nothing.
     */
    void afterDrained(Runnable then) {
        afterDrained(then, clock.getAsLong() + stallNanos);
    }

    private void afterDrained(Runnable then, long deadline) {
        drain();
        boolean empty;
        synchronized (this) {
            empty = queue.isEmpty() || closing;
        }
        if (empty) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> then.run());
        } else if (clock.getAsLong() - deadline > 0) {
            then.run();
        } else {
            // not writable yet: try again shortly; writability changes also drain
            channel.eventLoop().schedule(() -> afterDrained(then, deadline), 20, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }
}
