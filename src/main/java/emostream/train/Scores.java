package emostream.train;

/**
 * The few scores training needs for early stopping and its epoch log (UA, accuracy, weighted F1).
 * Full evaluation reports are {@code emostream.eval}'s job.
 */
public record Scores(double accuracy, double unweightedAccuracy, double weightedF1) {

    /** @param truth label index per item; @param pred predicted index per item; @param classes label count */
    public static Scores of(int[] truth, int[] pred, int classes) {
        int[][] cm = new int[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            cm[truth[i]][pred[i]]++;
        }
        int correct = 0;
        double recallSum = 0;
        int present = 0;
        double wf1 = 0;
        for (int c = 0; c < classes; c++) {
            int support = 0;
            int predicted = 0;
            for (int k = 0; k < classes; k++) {
                support += cm[c][k];
                predicted += cm[k][c];
            }
            correct += cm[c][c];
            if (support > 0) {
                present++;
                double recall = (double) cm[c][c] / support;
                double precision = predicted == 0 ? 0 : (double) cm[c][c] / predicted;
                recallSum += recall;
                double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
                wf1 += f1 * support;
            }
        }
        int n = Math.max(truth.length, 1);
        return new Scores((double) correct / n, present == 0 ? 0 : recallSum / present, wf1 / n);
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
        return String.format(java.util.Locale.ROOT, "acc %.3f UA %.3f wF1 %.3f", accuracy, unweightedAccuracy, weightedF1);
    }
}
