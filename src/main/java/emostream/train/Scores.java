package emostream.train;

import emostream.eval.Evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * The scores training needs for early stopping and its epoch log (UA, accuracy, weighted F1): a thin view of
 * {@link Evaluation}, so training, the model card and {@code evaluate} share one implementation of every metric.
 */
public record Scores(Evaluation evaluation) {

    /** @param truth label index per item; @param pred predicted index per item; @param classes label count */
    public static Scores of(int[] truth, int[] pred, int classes) {
        List<String> names = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return new Scores(Evaluation.of(names, truth, pred));
    }

    public double accuracy() {
        return evaluation.accuracy();
    }

    /** Mean recall over the classes present in the truth. */
    public double unweightedAccuracy() {
        return evaluation.unweightedAccuracy();
    }

    public double weightedF1() {
        return evaluation.weightedF1();
    }

    /** Argmax over the allowed classes only (a corpus is scored on its own label set). */
    public static int argmax(float[] p, boolean[] allowed) {
        int best = -1;
        for (int i = 0; i < p.length; i++) {
            if ((allowed == null || allowed[i]) && (best < 0 || p[i] > p[best])) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "acc %.3f UA %.3f wF1 %.3f", accuracy(), unweightedAccuracy(), weightedF1());
    }
}
