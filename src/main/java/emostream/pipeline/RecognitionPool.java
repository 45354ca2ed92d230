package emostream.pipeline;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers that run speech recognition for every stream of a detector, off the sources' threads. Each stream's
 * {@link Recognition} is queued here while it has audio waiting and works a bounded turn (about a second of audio)
 * before going to the back of the line, so streams share the workers evenly and fall behind evenly under overload.
 * The task queue holds at most one entry per stream. Idle workers stop after a while and start again on demand.
 */
final class RecognitionPool implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    /** @param nice OS nice value of the workers (0 = as the rest of the process), see {@link WorkerPriority} */
    RecognitionPool(int threads, int nice) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(() -> {
                WorkerPriority.lowerCurrentThread(nice);
                r.run();
            }, "asr-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true); // a detector left open must not keep the JVM alive
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    void execute(Runnable turn) {
        executor.execute(turn);
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
