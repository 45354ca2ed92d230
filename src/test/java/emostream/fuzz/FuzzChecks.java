package emostream.fuzz;

import java.lang.management.ManagementFactory;

/**
 * The properties every fuzz target checks on every input, besides "no exception escapes but the documented ones":
 * no input takes over 1 s, and bounded allocation. {@link #ALLOCATION_BOUND} is the stated bound: 16 MiB plus 64 KiB per input byte, counted as
 * all bytes the thread allocated while handling the input (garbage included), so a header that claims 4 GB and
 * is believed fails at once, while decoding the real audio a small input can hold (an Opus packet of 2 bytes is
 * up to 120 ms of 48 kHz samples) passes.
 */
public final class FuzzChecks {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzChecks() {
    }

    /** Bytes an input of {@code length} bytes may make its handler allocate. */
    public static long allocationBound(int length) {
        return (16L << 20) + (64L << 10) * length;
    }

    /** Kept for the docs: the bound for the largest input the fuzz profile makes (-max_len). */
    public static final String ALLOCATION_BOUND = "16 MiB + 64 KiB per input byte";

    /** An input's handling; run again when its first run loaded classes. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** The longest one input may take; the first input of a JVM gets {@link #FIRST_INPUT_SECONDS} (JIT, class loading). */
    public static final int INPUT_SECONDS = 1;
    static final int FIRST_INPUT_SECONDS = 30;

    private static java.util.concurrent.ExecutorService worker = newWorker();
    private static volatile long workerThread;
    private static boolean first = true;

    private static java.util.concurrent.ExecutorService newWorker() {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            workerThread = t.getId();
            return t;
        });
    }

    /**
     * Runs {@code body} (the handling of one input of {@code length} bytes) on a watched thread and fails when it
     * takes over {@link #INPUT_SECONDS} or allocates more than {@link #allocationBound}. libFuzzer's own
     * {@code -timeout} does not fire inside Jazzer's JUnit runner (measured: a jflac hang ran 6 minutes), hence
     * the watchdog. A run that loaded classes is not counted but repeated and the repeat measured: the first use
     * of a class pays for Jazzer instrumenting it and for its static initialisation (tens of MB for JLayer or
     * Netty), which no input causes.
     */
    public static synchronized void withinBound(int length, String what, Body body) throws Exception {
        long[] used = timed(body);
        if (used[1] != 0) {
            used = timed(body);
        }
        if (used[0] > allocationBound(length)) {
            throw new AssertionError(what + " allocated " + used[0] + " bytes for a " + length + "-byte input (bound "
                    + allocationBound(length) + ")");
        }
    }

    /** {allocated bytes, classes loaded} of one run of {@code body} on the worker thread, within the time limit. */
    private static long[] timed(Body body) throws Exception {
        java.util.concurrent.Future<long[]> f = worker.submit(() -> {
            long classes = CLASSES.getTotalLoadedClassCount();
            long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            body.run();
            return new long[] {THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before,
                    CLASSES.getTotalLoadedClassCount() - classes};
        });
        int limit = first ? FIRST_INPUT_SECONDS : INPUT_SECONDS;
        first = false;
        try {
            return f.get(limit, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            Thread stuck = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getId() == workerThread)
                    .findFirst().orElse(null);
            AssertionError hang = new AssertionError("one input took over " + limit + " s (a hang)");
            if (stuck != null) {
                hang.setStackTrace(stuck.getStackTrace());
            }
            f.cancel(true);
            worker = newWorker(); // the stuck thread is abandoned (daemon); the target stops at this finding
            throw hang;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static final java.lang.management.ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    /** A documented exception's message must name the input it is about. */
    public static void checkNamed(Exception e, String name) {
        String m = e.getMessage();
        if (m == null || !m.startsWith(name) || m.contains("\n")) {
            throw new AssertionError("message does not name the input in one line: " + m, e);
        }
    }
}
