package emostream.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the two audio branches' training shares: per-window loss weights that balance classes and corpora, the
 * per-corpus label masks, and clip-level validation scores from window logits.
 */
final class AudioBranches {

    private AudioBranches() {
    }

    /**
     * Per-window weights: every corpus weighs the same in total (a 2,255-clip corpus does not drown a 420-clip one)
     * when {@code balanceCorpora}, and within that every class the same (inverse frequency), mean 1.
     */
    static float[] windowWeights(AudioSet set, int classes, boolean classWeighted, boolean balanceCorpora) {
        int n = set.windows();
        double[] w = new double[n];
        Map<String, Integer> perCorpus = new HashMap<>();
        for (int i = 0; i < n; i++) {
            perCorpus.merge(corpus(set, i), 1, Integer::sum);
        }
        for (int i = 0; i < n; i++) {
            w[i] = balanceCorpora ? (double) n / (perCorpus.size() * perCorpus.get(corpus(set, i))) : 1;
        }
        if (classWeighted) {
            double[] mass = new double[classes];
            for (int i = 0; i < n; i++) {
                mass[set.labels.get(i)] += w[i];
            }
            int present = 0;
            double total = 0;
            for (double m : mass) {
                if (m > 0) {
                    present++;
                    total += m;
                }
            }
            for (int i = 0; i < n; i++) {
                w[i] *= total / (present * mass[set.labels.get(i)]);
            }
        }
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (w[i] * n / sum);
        }
        return out;
    }

    static String corpus(AudioSet set, int window) {
        return set.clips.get(set.clipOf.get(window)).corpus();
    }

    /** Each window's allowed-class mask (its corpus's labels), or null rows when masking is off. */
    static boolean[][] masks(AudioSet set, Map<String, boolean[]> allowed, boolean on) {
        boolean[][] m = new boolean[set.windows()][];
        if (on && allowed != null) {
            for (int i = 0; i < m.length; i++) {
                m[i] = allowed.get(corpus(set, i));
            }
        }
        return m;
    }

    /** Clip-level scores: mean of the clip's window softmax, argmax over the clip's corpus's labels. */
    static Scores clipScores(AudioSet set, float[][] windowLogits, Map<String, boolean[]> allowed, int classes) {
        float[][] p = clipProbs(set, windowLogits);
        int[] pred = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            pred[i] = Scores.argmax(p[i], allowed == null ? null : allowed.get(set.clips.get(i).corpus()));
        }
        return Scores.of(set.clipLabelArray(), pred, classes);
    }

    /** Mean over each clip's windows of softmax(logits). */
    static float[][] clipProbs(AudioSet set, float[][] windowLogits) {
        int c = windowLogits.length == 0 ? 0 : windowLogits[0].length;
        float[][] p = new float[windowLogits.length][];
        for (int w = 0; w < p.length; w++) {
            p[w] = softmax(windowLogits[w]);
        }
        return set.clipMeans(p, c);
    }

    static float[] softmax(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        float[] p = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= (float) sum;
        }
        return p;
    }

    /** Flattens rows [idx] into one array (batches). */
    static float[] rows(List<float[]> rows, int[] idx, int width) {
        float[] out = new float[idx.length * width];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(rows.get(idx[i]), 0, out, i * width, width);
        }
        return out;
    }
}
