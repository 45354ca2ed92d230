package emostream.pipeline;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lowers the OS scheduling priority of the calling thread (Linux {@code setpriority} on the thread's own id), so
 * that speech recognition, which can use every core it gets, yields the CPU at once to the sources' threads: the
 * audio path needs a few milliseconds per window and must not queue behind Vosk. Java's own thread priorities do
 * nothing on Linux. Elsewhere, or when the call fails, threads keep the normal priority (logged once).
 */
final class WorkerPriority {

    private static final Logger log = LoggerFactory.getLogger(WorkerPriority.class);
    private static final int PRIO_PROCESS = 0; // with a thread id: that one thread
    private static volatile boolean warned;

    /** The C library's call; JNA is on the class path for Vosk. */
    private interface LibC extends Library {
        int setpriority(int which, int who, int prio);
    }

    private static final class Holder {
        static final LibC LIBC = load();

        private static LibC load() {
            try {
                return Native.load("c", LibC.class);
            } catch (Throwable e) {
                return null;
            }
        }
    }

    private WorkerPriority() {
    }

    /** Sets the calling thread's nice value to {@code nice} (0 = leave it); true when it took effect. */
    static boolean lowerCurrentThread(int nice) {
        if (nice <= 0) {
            return false;
        }
        Path self = Path.of("/proc/thread-self");
        try {
            if (!Files.exists(self) || Holder.LIBC == null) {
                return unavailable("no /proc/thread-self or C library (not Linux?)");
            }
            String link = Files.readSymbolicLink(self).toString(); // "PID/task/TID"
            int tid = Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
            if (Holder.LIBC.setpriority(PRIO_PROCESS, tid, nice) != 0) {
                return unavailable("setpriority failed (errno " + Native.getLastError() + ")");
            }
            return true;
        } catch (Exception | LinkageError e) {
            return unavailable(e.toString());
        }
    }

    private static boolean unavailable(String why) {
        if (!warned) {
            warned = true;
            log.info("speech recognition runs at normal priority ({}); under overload it competes with the audio path", why);
        }
        return false;
    }
}
