package emostream.fuzz;

import java.lang.management.ManagementFactory;

/**
 * The properties every fuzz target checks on every input, besides "no exception escapes but the documented ones"
 * and "no input takes over 1 s" (libFuzzer's {@code -timeout=1} in the {@code fuzz} profile):
 * bounded allocation. {@link #ALLOCATION_BOUND} is the stated bound: 16 MiB plus 64 KiB per input byte, counted as
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

    /** Bytes allocated by the calling thread so far. */
    static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** An input's handling; run again when its first run loaded classes. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} (the handling of one input of {@code length} bytes) and fails when it allocated more than
     * {@link #allocationBound}. A run that loaded classes is not counted but repeated and the repeat measured: the
     * first use of a class pays for Jazzer instrumenting it and for its static initialisation (tens of MB for
     * JLayer or Netty), which no input causes.
     */
    public static void withinBound(int length, String what, Body body) throws Exception {
        long classes = CLASSES.getTotalLoadedClassCount();
        long before = allocated();
        body.run();
        long used = allocated() - before;
        if (CLASSES.getTotalLoadedClassCount() != classes) {
            before = allocated();
            body.run();
            used = allocated() - before;
        }
        if (used > allocationBound(length)) {
            throw new AssertionError(what + " allocated " + used + " bytes for a " + length + "-byte input (bound "
                    + allocationBound(length) + ")");
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
