package emostream.publish;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A human-readable line per event, for watching a microphone or a file in a terminal:
 * <pre>
 * file   00:06.0-00:08.0  anger      71%  ~anger     audio+text  neutral 12% sadness 9%  "i told you"
 * file   00:05.2-00:07.9  transcript "i told you"
 * file   00:08.0-00:10.0  silence
 * </pre>
 */
public final class ConsoleSink implements EventSink {

    private final PrintStream out;
    private final boolean showPartials;

    public ConsoleSink(OutputStream out, boolean showPartials) {
        this.out = out instanceof PrintStream ps ? ps : new PrintStream(out, false, StandardCharsets.UTF_8);
        this.showPartials = showPartials;
    }

    public static ConsoleSink stdout() {
        return new ConsoleSink(System.out, false);
    }

    @Override
    public void publish(Event event) {
        String line = format(event);
        if (line == null) {
            return;
        }
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** The line for an event, or {@code null} for events this sink does not show (partial transcripts by default). */
    String format(Event event) {
        if (event instanceof TranscriptEvent t) {
            if (!t.isFinal() && !showPartials) {
                return null;
            }
            return String.format(Locale.ROOT, "%-8s %s  %-10s \"%s\"", t.stream(), span(t.startMs(), t.endMs()),
                    t.isFinal() ? "transcript" : "partial", t.text());
        }
        EmotionEvent e = (EmotionEvent) event;
        if (e.silence()) {
            return String.format(Locale.ROOT, "%-8s %s  %s", e.stream(), span(e.startMs(), e.endMs()), e.label());
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %s  %-10s %3d%%  ~%-10s %-10s",
                e.stream(), span(e.startMs(), e.endMs()), e.label(), Math.round(e.confidence() * 100),
                e.smoothedLabel() == null ? "" : e.smoothedLabel(), String.join("+", e.modalities())));
        for (Map.Entry<String, Double> p : runnersUp(e, 2)) {
            sb.append(String.format(Locale.ROOT, " %s %d%%", p.getKey(), Math.round(p.getValue() * 100)));
        }
        if (e.transcript() != null) {
            sb.append("  \"").append(e.transcript()).append('"');
        }
        return sb.toString();
    }

    private static List<Map.Entry<String, Double>> runnersUp(EmotionEvent e, int n) {
        List<Map.Entry<String, Double>> all = new ArrayList<>(e.probabilities().entrySet());
        all.removeIf(p -> p.getKey().equals(e.label()));
        all.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return all.subList(0, Math.min(n, all.size()));
    }

    private static String span(long startMs, long endMs) {
        return clock(startMs) + "-" + clock(endMs);
    }

    /** mm:ss.s, or h:mm:ss.s past an hour (a microphone left running). */
    static String clock(long ms) {
        long tenths = ms / 100;
        long s = tenths / 10;
        String secs = String.format(Locale.ROOT, "%02d.%d", s % 60, tenths % 10);
        long m = s / 60;
        return m >= 60 ? String.format(Locale.ROOT, "%d:%02d:%s", m / 60, m % 60, secs)
                : String.format(Locale.ROOT, "%02d:%s", m, secs);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
