package emostream.eval;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Renders a confusion matrix as a PNG (headless java.awt): counts and row percentages in each cell, cells coloured
 * by the row-normalised value (white → dark blue), labels on both axes, a title and a one-line score summary.
 */
public final class ConfusionMatrixImage {

    private static final int CELL = 74;
    private static final int PAD = 18;
    private static final Color LOW = new Color(247, 251, 255);
    private static final Color HIGH = new Color(8, 48, 107);

    private ConfusionMatrixImage() {
    }

    /** PNG bytes. */
    public static byte[] png(String title, Evaluation e) throws IOException {
        BufferedImage img = render(title, e);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    public static BufferedImage render(String title, Evaluation e) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        try {
            return draw(title, e);
        } catch (RuntimeException | Error err) {
            // no usable font configuration is the usual cause on bare servers
            throw new IOException("cannot render the confusion matrix image (are fonts installed, e.g. fonts-dejavu-core?): "
                    + err, err);
        }
    }

    private static BufferedImage draw(String title, Evaluation e) {
        List<String> labels = e.labels();
        int k = labels.size();
        int[][] cm = e.confusion();
        double[][] norm = e.normalizedConfusion();
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 16);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font count = new Font(Font.SANS_SERIF, Font.BOLD, 14);

        // measure the labels with a scratch graphics to size the margins
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        FontMetrics lm = sg.getFontMetrics(labelFont);
        int widest = 0;
        for (String l : labels) {
            widest = Math.max(widest, lm.stringWidth(l));
        }
        sg.dispose();
        int left = PAD + 22 + widest + 10;          // axis title + row labels
        int top = PAD + 24 + 20 + 10;               // title + summary line
        int colLabelHeight = widest + 12;           // column labels are drawn vertically below the grid
        int gridW = k * CELL;
        int width = Math.max(left + gridW + PAD, 2 * PAD + sgWidth(titleFont, title) + 10);
        String summary = String.format(Locale.ROOT, "n=%d   accuracy (WA) %.1f%%   UA %.1f%%   macro F1 %.3f   weighted F1 %.3f",
                e.count(), 100 * e.accuracy(), 100 * e.unweightedAccuracy(), e.macroF1(), e.weightedF1());
        width = Math.max(width, 2 * PAD + sgWidth(small, summary));
        int height = top + gridW + colLabelHeight + 26 + PAD;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);

        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        g.drawString(title, PAD, PAD + 16);
        g.setFont(small);
        g.setColor(new Color(60, 60, 60));
        g.drawString(summary, PAD, PAD + 38);

        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                int x = left + j * CELL;
                int y = top + i * CELL;
                double v = norm[i][j];
                g.setColor(mix(v));
                g.fillRect(x, y, CELL, CELL);
                g.setColor(v > 0.5 ? Color.WHITE : Color.BLACK);
                g.setFont(count);
                centre(g, Integer.toString(cm[i][j]), x + CELL / 2, y + CELL / 2 - 4);
                g.setFont(small);
                centre(g, String.format(Locale.ROOT, "%.0f%%", 100 * v), x + CELL / 2, y + CELL / 2 + 14);
            }
        }
        // grid lines and a frame; the diagonal gets a darker outline so correct cells stand out
        g.setColor(new Color(200, 200, 200));
        for (int i = 0; i <= k; i++) {
            g.drawLine(left, top + i * CELL, left + gridW, top + i * CELL);
            g.drawLine(left + i * CELL, top, left + i * CELL, top + gridW);
        }
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(230, 120, 20));
        for (int i = 0; i < k; i++) {
            g.drawRect(left + i * CELL + 1, top + i * CELL + 1, CELL - 2, CELL - 2);
        }
        g.setStroke(new BasicStroke(1f));

        g.setColor(Color.BLACK);
        g.setFont(labelFont);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < k; i++) {
            String l = labels.get(i);
            g.drawString(l, left - 8 - fm.stringWidth(l), top + i * CELL + CELL / 2 + fm.getAscent() / 2 - 2);
        }
        AffineTransform saved = g.getTransform();
        for (int j = 0; j < k; j++) {
            String l = labels.get(j);
            int x = left + j * CELL + CELL / 2 + fm.getAscent() / 2 - 2;
            int y = top + gridW + 8;
            g.setTransform(saved);
            g.rotate(Math.PI / 2, x, y);
            g.drawString(l, x, y);
        }
        g.setTransform(saved);

        g.setFont(small.deriveFont(Font.BOLD));
        FontMetrics am = g.getFontMetrics();
        String pred = "predicted label";
        g.drawString(pred, left + gridW / 2 - am.stringWidth(pred) / 2, top + gridW + colLabelHeight + 20);
        String tru = "true label";
        int ty = top + gridW / 2 + am.stringWidth(tru) / 2;
        g.rotate(-Math.PI / 2, PAD + 12, ty);
        g.drawString(tru, PAD + 12, ty);
        g.setTransform(saved);
        g.dispose();
        return img;
    }

    private static int sgWidth(Font f, String s) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        int w = g.getFontMetrics(f).stringWidth(s);
        g.dispose();
        return w;
    }

    private static void centre(Graphics2D g, String s, int cx, int baselineY) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, cx - fm.stringWidth(s) / 2, baselineY + fm.getAscent() / 2 - 2);
    }

    private static Color mix(double v) {
        double t = Math.max(0, Math.min(1, v));
        return new Color((int) Math.round(LOW.getRed() + t * (HIGH.getRed() - LOW.getRed())),
                (int) Math.round(LOW.getGreen() + t * (HIGH.getGreen() - LOW.getGreen())),
                (int) Math.round(LOW.getBlue() + t * (HIGH.getBlue() - LOW.getBlue())));
    }
}
