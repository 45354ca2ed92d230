package emostream.server;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Which /ws/audio streams are open, and on which sockets. A stream has one sender at a time, and never one that
 * another source (microphone, file, Kafka) is feeding: the pipeline takes each stream's audio from one thread.
 */
final class AudioStreams {

    /** Why a stream cannot open: the close code and reason the client gets. */
    record Refusal(WebSocketCloseStatus status, String reason) {
    }

    private final int max;
    private final Supplier<Set<String>> pipelineStreams;
    private record Entry(Channel channel, AudioStreamWorker worker) {
    }

    private final Map<String, Entry> open = new TreeMap<>();
    private boolean stopped;

    /** @param pipelineStreams streams the pipeline has open (from any source); may return an empty set */
    AudioStreams(int max, Supplier<Set<String>> pipelineStreams) {
        this.max = max;
        this.pipelineStreams = pipelineStreams;
    }

    /** Reserves {@code stream} for {@code channel} and its worker; {@code null}, or why not. */
    synchronized Refusal acquire(String stream, Channel channel, AudioStreamWorker worker) {
        if (stopped) {
            return new Refusal(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server shutting down");
        }
        if (open.containsKey(stream)) {
            return new Refusal(WebSocketCloseStatus.POLICY_VIOLATION, "stream " + stream + " already has a sender");
        }
        if (pipelineStreams.get().contains(stream)) {
            return new Refusal(WebSocketCloseStatus.POLICY_VIOLATION, "stream " + stream + " is being fed by another source");
        }
        if (open.size() >= max) {
            return new Refusal(WebSocketCloseStatus.TRY_AGAIN_LATER,
                    "too many audio streams (server.audio.max-streams = " + max + ")");
        }
        open.put(stream, new Entry(channel, worker));
        return null;
    }

    /** The stream has been ended in the pipeline: its id is free again. */
    synchronized void release(String stream) {
        open.remove(stream);
        notifyAll();
    }

    /** Refuses new streams from now on; returns the sockets of the open ones. */
    synchronized List<Channel> stop() {
        stopped = true;
        return open.values().stream().map(Entry::channel).toList();
    }

    /** The workers of the streams still open. */
    synchronized List<AudioStreamWorker> workers() {
        return open.values().stream().map(Entry::worker).toList();
    }

    /** Waits until every stream has been ended and released (server shutdown); false on timeout. */
    synchronized boolean awaitEmpty(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!open.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized int count() {
        return open.size();
    }

    synchronized Set<String> names() {
        return Set.copyOf(open.keySet());
    }
}
