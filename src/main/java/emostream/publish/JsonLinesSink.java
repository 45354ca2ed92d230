package emostream.publish;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One {@link EventJson} object per line, flushed per event so a pipe consumer sees it at once ({@code --json}). */
public final class JsonLinesSink implements EventSink {

    private final PrintStream out;
    private final boolean closeOut;

    /** Writes to {@code out}; closes it on {@link #close()} only when {@code closeOut} (never for stdout). */
    public JsonLinesSink(OutputStream out, boolean closeOut) {
        this.out = out instanceof PrintStream ps ? ps : new PrintStream(out, false, StandardCharsets.UTF_8);
        this.closeOut = closeOut;
    }

    /** Standard output, left open on close. */
    public static JsonLinesSink stdout() {
        return new JsonLinesSink(System.out, false);
    }

    @Override
    public void publish(Event event) {
        String line = EventJson.toJson(event);
        synchronized (out) { // streams publish concurrently; lines must not interleave
            out.print(line);
            out.print('\n');
            out.flush();
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        if (closeOut) {
            out.close();
        } else {
            out.flush();
        }
    }
}
