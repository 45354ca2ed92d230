package emostream.server;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which /ws/audio streams are open. A stream has one sender at a time, and never one that another source
 * (microphone, file, Kafka) is feeding: the pipeline takes each stream's audio from one thread.
 */
final class AudioStreams {

    private final int max;
    private final Supplier<Set<String>> pipelineStreams;
    private final Set<String> open = new TreeSet<>();

    /** @param pipelineStreams streams the pipeline has open (from any source); may return an empty set */
    AudioStreams(int max, Supplier<Set<String>> pipelineStreams) {
        this.max = max;
        this.pipelineStreams = pipelineStreams;
    }

    /** Reserves {@code stream}; returns {@code null}, or why not. */
    synchronized String acquire(String stream) {
        if (open.contains(stream)) {
            return "stream " + stream + " already has a sender";
        }
        if (pipelineStreams.get().contains(stream)) {
            return "stream " + stream + " is being fed by another source";
        }
        if (open.size() >= max) {
            return "too many audio streams (server.audio.max-streams = " + max + ")";
        }
        open.add(stream);
        return null;
    }

    synchronized void release(String stream) {
        open.remove(stream);
        notifyAll();
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
        return Set.copyOf(open);
    }
}
