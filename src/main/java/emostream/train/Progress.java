package emostream.train;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn in place; silent when stderr is not a terminal (logs stay clean). */
final class Progress {

    private static final boolean TTY = System.console() != null;
    private final PrintStream err = System.err;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int lastDrawn = -1;

    Progress(String label, int total) {
        this.label = label;
        this.total = Math.max(total, 1);
    }

    void step(int done, String detail) {
        if (!TTY) {
            return;
        }
        int pct = (int) (100L * done / total);
        if (pct == lastDrawn && done < total) {
            return;
        }
        lastDrawn = pct;
        int width = 30;
        int filled = width * done / total;
        double s = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "\r%-14s [%s%s] %3d%% %d/%d %.0fs %s", label, "#".repeat(filled), " ".repeat(width - filled),
                pct, done, total, s, detail);
        if (done >= total) {
            err.print("\r" + " ".repeat(100) + "\r");
        }
        err.flush();
    }
}
