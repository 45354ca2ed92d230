package emostream.eval;

/**
 * Scores of one class. Precision is 0 when the class was never predicted, recall 0 when it never occurs
 * (such a class has {@code support == 0} and is left out of the macro averages).
 *
 * @param support   items whose true label is this class
 * @param predicted items predicted as this class
 */
public record ClassScore(String label, double precision, double recall, double f1, int support, int predicted) {
}
