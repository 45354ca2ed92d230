package emostream.eval;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * How far a model's confidence can be trusted: items binned by the probability of the label it chose (top-label
 * confidence, {@link #BINS} equal-width bins); per bin the accuracy and mean confidence; the expected calibration
 * error ECE = Σ_b (n_b / N)·|accuracy_b − confidence_b|. A calibrated model that says 70 % is right 70 % of the
 * time. Predictions are over every label the model has (the user's view).
 */
public record Reliability(int[] count, double[] accuracy, double[] confidence, double ece, double meanConfidence,
                          double overallAccuracy) {

    public static final int BINS = 10;

    /** @param probabilities per item, over the model's labels; @param truth index of the true label per item */
    public static Reliability of(float[][] probabilities, int[] truth) {
        int[] n = new int[BINS];
        double[] correct = new double[BINS];
        double[] conf = new double[BINS];
        double totalConf = 0;
        double totalCorrect = 0;
        for (int i = 0; i < truth.length; i++) {
            float[] p = probabilities[i];
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            int b = Math.min(BINS - 1, (int) (p[best] * BINS));
            n[b]++;
            conf[b] += p[best];
            boolean ok = best == truth[i];
            correct[b] += ok ? 1 : 0;
            totalConf += p[best];
            totalCorrect += ok ? 1 : 0;
        }
        double[] acc = new double[BINS];
        double[] mc = new double[BINS];
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (n[b] > 0) {
                acc[b] = correct[b] / n[b];
                mc[b] = conf[b] / n[b];
                ece += (double) n[b] / truth.length * Math.abs(acc[b] - mc[b]);
            }
        }
        int total = Math.max(truth.length, 1);
        return new Reliability(n, acc, mc, ece, totalConf / total, totalCorrect / total);
    }

    /** From {@link Predictions}: items whose true label the model has, over all its labels. */
    public static Reliability of(Predictions p) {
        List<String> labels = p.labels();
        int kept = 0;
        for (String t : p.truth()) {
            kept += labels.contains(t) ? 1 : 0;
        }
        float[][] probs = new float[kept][];
        int[] truth = new int[kept];
        int j = 0;
        for (int i = 0; i < p.truth().size(); i++) {
            int t = labels.indexOf(p.truth().get(i));
            if (t >= 0) {
                probs[j] = p.probabilities()[i];
                truth[j++] = t;
            }
        }
        return of(probs, truth);
    }

    public int items() {
        int s = 0;
        for (int c : count) {
            s += c;
        }
        return s;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ECE %.3f (mean confidence %.3f, accuracy %.3f, n %d)", ece, meanConfidence,
                overallAccuracy, items());
    }

    /** A reliability diagram: per bin, accuracy (bars) against confidence (the diagonal is perfect calibration). */
    public byte[] png(String title) throws IOException {
        int w = 520;
        int h = 520;
        int left = 70;
        int top = 50;
        int size = 400;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(title.length() > 70 ? title.substring(0, 69) + "…" : title, 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(toString(), 10, 38);
        int max = 1;
        for (int c : count) {
            max = Math.max(max, c);
        }
        double bw = size / (double) BINS;
        for (int b = 0; b < BINS; b++) {
            int x = left + (int) Math.round(b * bw);
            // share of items in this bin, as a light bar behind
            int ch = (int) Math.round(size * 0.25 * count[b] / max);
            g.setColor(new Color(220, 220, 220));
            g.fillRect(x + 2, top + size - ch, (int) bw - 4, ch);
            if (count[b] > 0) {
                int ah = (int) Math.round(size * accuracy[b]);
                g.setColor(new Color(52, 101, 164));
                g.fillRect(x + 6, top + size - ah, (int) bw - 12, ah);
            }
        }
        g.setColor(new Color(200, 40, 40));
        g.setStroke(new BasicStroke(2f));
        g.drawLine(left, top + size, left + size, top);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, size, size);
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            int y = top + size - (int) Math.round(v * size);
            int x = left + (int) Math.round(v * size);
            g.drawString(String.format(Locale.ROOT, "%.1f", v), left - 30, y + 4);
            g.drawString(String.format(Locale.ROOT, "%.1f", v), x - 8, top + size + 18);
        }
        g.drawString("confidence of the chosen label", left + 110, top + size + 40);
        g.rotate(-Math.PI / 2);
        g.drawString("accuracy (blue); share of items (grey)", -(top + size - 40), 22);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
