package emostream.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The report's picture: four panels against the number of concurrent streams (log2 axis): p95 latency of live
 * streams, CPU cores used by live streams, peak RSS, and throughput as fast as possible, one line per mode,
 * with the targets drawn as dashed lines. Drawn with java.awt, headless.
 */
final class BenchPlot {

    private static final int W = 1400;
    private static final int H = 1000;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd)};

    private BenchPlot() {
    }

    /** A line of a panel: its label and (streams, value) points. */
    private record Series(String label, double[] x, double[] y) {
    }

    private record Panel(String title, String yLabel, List<Series> series, double target, String targetLabel) {
    }

    static void write(List<RunResult> results, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Panel> panels = List.of(
                new Panel("p95 latency after the window closes (live streams)", "ms", List.of(
                        series(results, "audio", true, "audio: audio-only", r -> p95(r, RecordingSink.AUDIO)),
                        series(results, "full", true, "full: audio-only", r -> p95(r, RecordingSink.AUDIO)),
                        series(results, "full", true, "full: fused", r -> p95(r, RecordingSink.FUSED))),
                        BenchReport.AUDIO_P95_MS, "target 50 ms (audio-only, 8 streams)"),
                new Panel("CPU used by live streams", "cores", List.of(
                        series(results, "audio", true, "audio", RunResult::cpuCores),
                        series(results, "full", true, "full", RunResult::cpuCores),
                        series(results, "vosk", true, "Vosk alone", RunResult::cpuCores)),
                        2, "machine: 2 cores"),
                new Panel("peak resident memory", "MB", List.of(
                        series(results, "audio", null, "audio", RunResult::peakRssMb),
                        series(results, "full", null, "full", RunResult::peakRssMb),
                        series(results, "vosk", null, "Vosk alone", RunResult::peakRssMb)),
                        BenchReport.RSS_MB, "target 1.5 GB (8 streams)"),
                new Panel("throughput as fast as possible", "audio s per wall s", List.of(
                        series(results, "audio", false, "audio", RunResult::throughput),
                        series(results, "full", false, "full", RunResult::throughput),
                        series(results, "vosk", false, "Vosk alone", RunResult::throughput)),
                        Double.NaN, null));
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        for (int i = 0; i < panels.size(); i++) {
            draw(g, panels.get(i), (i % 2) * W / 2, (i / 2) * H / 2, W / 2, H / 2);
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    private static double p95(RunResult r, String kind) {
        Latencies.Summary s = r.latency(kind);
        return s == null ? Double.NaN : s.p95();
    }

    /** {@code paced == null}: paced runs when there are any for the mode, else fast ones. */
    private static Series series(List<RunResult> results, String mode, Boolean paced, String label, ToDoubleFunction<RunResult> f) {
        boolean wantPaced = paced != null ? paced : results.stream().anyMatch(r -> r.mode().equals(mode) && r.paced());
        Map<Integer, Double> points = new LinkedHashMap<>();
        for (RunResult r : results) {
            if (r.mode().equals(mode) && r.paced() == wantPaced) {
                double v = f.applyAsDouble(r);
                if (!Double.isNaN(v)) {
                    points.put(r.streams(), v);
                }
            }
        }
        List<Integer> xs = new ArrayList<>(new TreeSet<>(points.keySet()));
        double[] x = new double[xs.size()];
        double[] y = new double[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            x[i] = xs.get(i);
            y[i] = points.get(xs.get(i));
        }
        return new Series(label, x, y);
    }

    private static void draw(Graphics2D g, Panel p, int ox, int oy, int w, int h) {
        int left = ox + 80;
        int right = ox + w - 30;
        int top = oy + 50;
        int bottom = oy + h - 60;
        double xMax = 1;
        double yMax = 0;
        for (Series s : p.series()) {
            for (int i = 0; i < s.x().length; i++) {
                xMax = Math.max(xMax, s.x()[i]);
                yMax = Math.max(yMax, s.y()[i]);
            }
        }
        if (!Double.isNaN(p.target())) {
            yMax = Math.max(yMax, p.target());
        }
        yMax = niceCeil(yMax * 1.08);
        double lxMax = Math.max(1, Math.log(xMax) / Math.log(2));

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(p.title(), left, oy + 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        // axes and grid
        g.setColor(new Color(0xdddddd));
        for (int k = 0; k <= 5; k++) {
            int y = bottom - (bottom - top) * k / 5;
            g.drawLine(left, y, right, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        for (int k = 0; k <= 5; k++) {
            int y = bottom - (bottom - top) * k / 5;
            String t = label(yMax * k / 5);
            g.drawString(t, left - 8 - fm.stringWidth(t), y + 5);
        }
        for (int e = 0; e <= (int) Math.round(lxMax); e++) {
            int x = left + (int) ((right - left) * e / lxMax);
            String t = Integer.toString(1 << e);
            g.drawLine(x, bottom, x, bottom + 5);
            g.drawString(t, x - fm.stringWidth(t) / 2, bottom + 20);
        }
        g.drawString("concurrent streams", (left + right) / 2 - 55, bottom + 42);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(p.yLabel(), -(top + bottom) / 2 - fm.stringWidth(p.yLabel()) / 2, ox + 18);
        r.dispose();
        // target
        if (!Double.isNaN(p.target())) {
            int y = bottom - (int) ((bottom - top) * p.target() / yMax);
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
            g.drawLine(left, y, right, y);
            g.drawString(p.targetLabel(), right - 8 - fm.stringWidth(p.targetLabel()), y - 6);
        }
        // series
        int legendY = top + 20;
        for (int i = 0; i < p.series().size(); i++) {
            Series s = p.series().get(i);
            if (s.x().length == 0) {
                continue;
            }
            g.setColor(COLORS[i % COLORS.length]);
            g.setStroke(new BasicStroke(2.5f));
            int px = -1;
            int py = -1;
            for (int k = 0; k < s.x().length; k++) {
                int x = left + (int) ((right - left) * (Math.log(s.x()[k]) / Math.log(2)) / lxMax);
                int y = bottom - (int) ((bottom - top) * Math.min(s.y()[k], yMax) / yMax);
                g.fillOval(x - 4, y - 4, 9, 9);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.drawLine(left + 12, legendY - 5, left + 36, legendY - 5);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), left + 42, legendY);
            legendY += 18;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static double niceCeil(double v) {
        if (v <= 0) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static String label(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
