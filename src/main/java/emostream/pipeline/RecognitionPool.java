package emostream.pipeline;

import emostream.audio.AudioSource;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workers that run speech recognition for every stream of a detector, off the sources' threads. Each stream's
 * {@link Recognition} is queued here while it has audio waiting and works a bounded turn (about a second of audio)
 * before it queues again. The task queue holds at most one entry per stream. Idle workers stop after a while and
 * start again on demand.
 * <p>
 * The line is ordered by a deadline, not by arrival: a turn's deadline is when it was queued plus the audio its
 * stream has waiting. A stream with little waiting (a live stream whose utterance has just ended: its last chunks of
 * trailing silence are all Vosk needs before the final result) goes ahead of one with seconds queued (a recorded
 * stream, or one that fell behind), which finishes about as late either way. Nothing starves: a turn waits at most
 * its own queued audio's duration longer than it would in arrival order, and the queue per stream is bounded
 * ({@code asr.queue.seconds}).
 */
final class RecognitionPool implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    private final AtomicLong order = new AtomicLong();
    private final emostream.metrics.Metrics.Histogram waits;   // null: not measured

    /** A stream's turn in the line: earliest deadline first, then arrival. */
    private static final class Turn implements Runnable, Comparable<Turn> {
        final long deadline;
        final long order;
        final Runnable work;
        final long queuedNanos = System.nanoTime();
        final emostream.metrics.Metrics.Histogram waits;

        Turn(long deadline, long order, Runnable work, emostream.metrics.Metrics.Histogram waits) {
            this.deadline = deadline;
            this.order = order;
            this.work = work;
            this.waits = waits;
        }

        @Override
        public void run() {
            if (waits != null) {
                waits.observe((System.nanoTime() - queuedNanos) / 1e9);
            }
            work.run();
        }

        @Override
        public int compareTo(Turn o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /**
     * @param nice  OS nice value of the workers (0 = as the rest of the process), see {@link WorkerPriority}
     * @param waits where the time from a turn being queued to its start is observed (null: nowhere)
     */
    RecognitionPool(int threads, int nice, emostream.metrics.Metrics.Histogram waits) {
        this.waits = waits;
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        // ThreadPoolExecutor.execute queues the Runnable itself (no wrapping), so the Turns are what gets ordered
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(() -> {
                WorkerPriority.lowerCurrentThread(nice);
                r.run();
            }, "asr-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true); // a detector left open must not keep the JVM alive
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Queues a stream's turn; {@code queuedSamples}: the audio that stream has waiting for recognition. */
    void execute(Runnable turn, long queuedSamples) {
        long wait = queuedSamples * 1_000_000_000L / AudioSource.SAMPLE_RATE;
        executor.execute(new Turn(System.nanoTime() + wait, order.incrementAndGet(), turn, waits));
    }

    int threads() {
        return executor.getMaximumPoolSize();
    }

    /** Streams waiting for a worker (not counting those being worked on). */
    int waiting() {
        return executor.getQueue().size();
    }

    /** Lets running turns finish; streams still open have been ended or dropped by the detector before. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
