package emostream.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Classification scores from a confusion matrix ({@code confusion[true][predicted]}).
 *
 * <ul>
 *   <li>accuracy = weighted accuracy (WA in the SER literature): correct / all</li>
 *   <li>unweighted accuracy (UA) = mean per-class recall = macro recall</li>
 *   <li>macro precision / recall / F1: plain means over the classes that occur in the truth
 *       ({@code support > 0}), so a label the test corpus does not have does not drag the mean down</li>
 *   <li>weighted F1: per-class F1 weighted by support</li>
 * </ul>
 * Immutable; the matrix is copied in and out.
 */
public final class Evaluation {

    private final List<String> labels;
    private final int[][] confusion;
    private final List<ClassScore> perClass;
    private final int count;
    private final double accuracy;
    private final double macroPrecision;
    private final double macroRecall;
    private final double macroF1;
    private final double weightedF1;

    private Evaluation(List<String> labels, int[][] cm) {
        this.labels = List.copyOf(labels);
        this.confusion = copy(cm);
        int k = labels.size();
        List<ClassScore> scores = new ArrayList<>();
        int n = 0;
        int correct = 0;
        int present = 0;
        double p = 0;
        double r = 0;
        double f = 0;
        double wf = 0;
        for (int c = 0; c < k; c++) {
            int support = 0;
            int predicted = 0;
            for (int j = 0; j < k; j++) {
                support += cm[c][j];
                predicted += cm[j][c];
            }
            n += support;
            correct += cm[c][c];
            double precision = predicted == 0 ? 0 : (double) cm[c][c] / predicted;
            double recall = support == 0 ? 0 : (double) cm[c][c] / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores.add(new ClassScore(labels.get(c), precision, recall, f1, support, predicted));
            if (support > 0) {
                present++;
                p += precision;
                r += recall;
                f += f1;
                wf += f1 * support;
            }
        }
        this.perClass = List.copyOf(scores);
        this.count = n;
        this.accuracy = n == 0 ? 0 : (double) correct / n;
        this.macroPrecision = present == 0 ? 0 : p / present;
        this.macroRecall = present == 0 ? 0 : r / present;
        this.macroF1 = present == 0 ? 0 : f / present;
        this.weightedF1 = n == 0 ? 0 : wf / n;
    }

    /** From a confusion matrix {@code [true][predicted]} over {@code labels}. */
    public static Evaluation fromConfusion(List<String> labels, int[][] confusion) {
        int k = labels.size();
        if (k == 0 || confusion.length != k) {
            throw new IllegalArgumentException("confusion matrix is " + confusion.length + " rows for " + k + " labels");
        }
        for (int[] row : confusion) {
            if (row.length != k) {
                throw new IllegalArgumentException("confusion matrix row has " + row.length + " columns for " + k + " labels");
            }
        }
        return new Evaluation(labels, confusion);
    }

    /** From true and predicted label indices (into {@code labels}). */
    public static Evaluation of(List<String> labels, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        int k = labels.size();
        int[][] cm = new int[k][k];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("item " + i + ": label index out of 0.." + (k - 1)
                        + " (true " + truth[i] + ", predicted " + predicted[i] + ")");
            }
            cm[truth[i]][predicted[i]]++;
        }
        return new Evaluation(labels, cm);
    }

    /** Sum of several evaluations over the same labels (e.g. the folds of a cross-validation, pooled). */
    public static Evaluation pooled(List<Evaluation> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to pool");
        }
        List<String> labels = parts.get(0).labels;
        int k = labels.size();
        int[][] cm = new int[k][k];
        for (Evaluation e : parts) {
            if (!e.labels.equals(labels)) {
                throw new IllegalArgumentException("cannot pool " + e.labels + " with " + labels);
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    cm[i][j] += e.confusion[i][j];
                }
            }
        }
        return new Evaluation(labels, cm);
    }

    public List<String> labels() {
        return labels;
    }

    /** {@code [true][predicted]} counts (a copy). */
    public int[][] confusion() {
        return copy(confusion);
    }

    /** Row-normalised confusion (each true class sums to 1; all-zero rows stay zero). */
    public double[][] normalizedConfusion() {
        int k = labels.size();
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) {
            int s = Arrays.stream(confusion[i]).sum();
            for (int j = 0; j < k; j++) {
                out[i][j] = s == 0 ? 0 : (double) confusion[i][j] / s;
            }
        }
        return out;
    }

    public List<ClassScore> perClass() {
        return perClass;
    }

    /** Number of items scored. */
    public int count() {
        return count;
    }

    public double accuracy() {
        return accuracy;
    }

    /** Weighted accuracy (WA) as the SER literature uses the term: the overall accuracy. */
    public double weightedAccuracy() {
        return accuracy;
    }

    /** Unweighted accuracy (UA): mean recall over the classes present. */
    public double unweightedAccuracy() {
        return macroRecall;
    }

    public double macroPrecision() {
        return macroPrecision;
    }

    public double macroRecall() {
        return macroRecall;
    }

    public double macroF1() {
        return macroF1;
    }

    public double weightedF1() {
        return weightedF1;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "n %d, accuracy (WA) %.4f, UA %.4f, macro F1 %.4f, weighted F1 %.4f",
                count, accuracy, macroRecall, macroF1, weightedF1);
    }

    private static int[][] copy(int[][] m) {
        int[][] c = new int[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
