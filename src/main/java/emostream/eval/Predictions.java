package emostream.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a model said about a test set: its label list, each item's true label and its probabilities. Kept whole
 * (not just the argmax) so that views over fewer classes can be scored honestly: {@link #view} keeps the items
 * whose true label is in the subset and takes the argmax over the subset's probabilities only.
 *
 * @param labels        the model's labels, the column order of {@code probabilities}
 * @param truth         true label per item, as a name (it may be a label the model does not have)
 * @param probabilities per item, one value per model label
 */
public record Predictions(List<String> labels, List<String> truth, float[][] probabilities) {

    /** The 4-class view of the SER literature. */
    public static final List<String> FOUR_CLASSES = List.of("neutral", "happiness", "sadness", "anger");

    public Predictions {
        labels = List.copyOf(labels);
        truth = List.copyOf(truth);
        if (truth.size() != probabilities.length) {
            throw new IllegalArgumentException(truth.size() + " true labels but " + probabilities.length + " probability rows");
        }
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i].length != labels.size()) {
                throw new IllegalArgumentException("item " + i + " has " + probabilities[i].length
                        + " probabilities for " + labels.size() + " labels");
            }
        }
    }

    /** From true label indices into {@code labels}. */
    public static Predictions ofIndices(List<String> labels, int[] truth, float[][] probabilities) {
        List<String> names = new ArrayList<>(truth.length);
        for (int t : truth) {
            names.add(labels.get(t));
        }
        return new Predictions(labels, names, probabilities);
    }

    /**
     * Scores over all model labels (argmax over all of them). Items whose true label the model does not have
     * are an error here: use {@link #view} or {@link #shared} for another corpus's label set.
     */
    public Evaluation evaluate() {
        for (String t : truth) {
            if (!labels.contains(t)) {
                throw new IllegalArgumentException("true label '" + t + "' is not one of the model's labels " + labels
                        + "; score over the shared labels instead");
            }
        }
        return view(labels);
    }

    /**
     * Scores over {@code subset} (in that order): only items whose true label is in the subset, argmax over the
     * subset's probabilities. Subset labels the model lacks are an error.
     */
    public Evaluation view(Collection<String> subset) {
        List<String> sub = List.copyOf(new java.util.LinkedHashSet<>(subset));
        int[] cols = new int[sub.size()];
        for (int j = 0; j < sub.size(); j++) {
            cols[j] = labels.indexOf(sub.get(j));
            if (cols[j] < 0) {
                throw new IllegalArgumentException("view label '" + sub.get(j) + "' is not one of the model's labels " + labels);
            }
        }
        List<Integer> t = new ArrayList<>();
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            int ti = sub.indexOf(truth.get(i));
            if (ti < 0) {
                continue;
            }
            int best = 0;
            for (int j = 1; j < cols.length; j++) {
                if (probabilities[i][cols[j]] > probabilities[i][cols[best]]) {
                    best = j;
                }
            }
            t.add(ti);
            p.add(best);
        }
        return Evaluation.of(sub, t.stream().mapToInt(Integer::intValue).toArray(),
                p.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The labels both the model and the true labels have, in the model's order (cross-corpus scoring). */
    public List<String> sharedLabels() {
        return labels.stream().filter(truth::contains).toList();
    }

    /** Cross-corpus: {@link #view} over {@link #sharedLabels()}. */
    public Evaluation shared() {
        return view(sharedLabels());
    }
}
