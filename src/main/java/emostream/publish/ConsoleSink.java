package emostream.publish;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A human-readable line per event, for watching a microphone or a file in a terminal:
 * <pre>
 * file     00:06.0-00:08.0     anger       71%  ~anger      audio      neutral 12% sadness 9%
 * file     00:05.2-00:07.9     transcript "i told you"
 * file     00:06.0-00:08.0  r1 anger       83%  ~anger      audio+text neutral 9% sadness 5%  "i told you"
 * file     00:08.0-00:10.0     silence
 * </pre>
 * A revision of a window ({@code r1}, {@code r2}, ...) is shown when it changes what the window's last line said;
 * a record that only closes the window ({@code final}, nothing new) is not. Lines made while speech recognition
 * is behind end with {@code [asr N.N s behind]}, windows it skipped with {@code [asr skipped]}.
 */
public final class ConsoleSink implements EventSink {

    /** Windows whose revisions may still come: what their last line showed. Bounded; old windows never revise. */
    private static final int REMEMBERED = 4096;

    private final PrintStream out;
    private final boolean showPartials;
    private final Map<String, String> shown = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

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
            if (event instanceof EmotionEvent e && !news(e)) {
                return;
            }
            out.println(line);
            out.flush();
        }
    }

    /** Whether this record says something its window's last line did not (caller holds the lock on {@code out}). */
    private boolean news(EmotionEvent e) {
        String what = e.label() + " " + Math.round(e.confidence() * 100) + " " + e.transcript() + " " + e.modalities()
                + " " + e.asrSkipped();
        String before = e.isFinal() ? shown.remove(e.id()) : shown.put(e.id(), what);
        return e.revision() == 0 || !what.equals(before);
    }

    /** The line for an event, or {@code null} for events this sink does not show (partial transcripts by default). */
    String format(Event event) {
        if (event instanceof TranscriptEvent t) {
            if (!t.isFinal() && !showPartials) {
                return null;
            }
            return String.format(Locale.ROOT, "%-8s %s     %-10s \"%s\"", t.stream(), span(t.startMs(), t.endMs()),
                    t.isFinal() ? "transcript" : "partial", t.text());
        }
        EmotionEvent e = (EmotionEvent) event;
        String rev = e.revision() == 0 ? "" : "r" + e.revision();
        if (e.silence()) {
            return String.format(Locale.ROOT, "%-8s %s  %-3s%s", e.stream(), span(e.startMs(), e.endMs()), rev, e.label());
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %s  %-3s%-10s %3d%%  ~%-10s %-10s",
                e.stream(), span(e.startMs(), e.endMs()), rev, e.label(), Math.round(e.confidence() * 100),
                e.smoothedLabel() == null ? "" : e.smoothedLabel(), String.join("+", e.modalities())));
        for (Map.Entry<String, Double> p : runnersUp(e, 2)) {
            sb.append(String.format(Locale.ROOT, " %s %d%%", p.getKey(), Math.round(p.getValue() * 100)));
        }
        if (e.transcript() != null) {
            sb.append("  \"").append(e.transcript()).append('"');
        }
        if (e.asrSkipped()) {
            sb.append("  [asr skipped]");
        } else if (e.asrLagMs() != null) {
            sb.append(String.format(Locale.ROOT, "  [asr %.1f s behind]", e.asrLagMs() / 1000.0));
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
    public static String clock(long ms) {
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
