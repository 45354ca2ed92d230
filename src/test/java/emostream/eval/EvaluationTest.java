package emostream.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {

    static final List<String> ABC = List.of("a", "b", "c");
    /** rows true, columns predicted: a 3/1/0, b 1/2/0, c 0/1/2 */
    static final int[] TRUTH = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    static final int[] PRED = {0, 0, 0, 1, 0, 1, 1, 1, 2, 2};

    @Test
    void handComputedScores() {
        Evaluation e = Evaluation.of(ABC, TRUTH, PRED);
        assertArrayEquals(new int[][] {{3, 1, 0}, {1, 2, 0}, {0, 1, 2}}, e.confusion());
        assertEquals(10, e.count());
        assertEquals(0.7, e.accuracy(), 1e-12);
        assertEquals(0.7, e.weightedAccuracy(), 1e-12);
        // recalls 3/4, 2/3, 2/3
        assertEquals((0.75 + 2.0 / 3 + 2.0 / 3) / 3, e.unweightedAccuracy(), 1e-12);
        // precisions 3/4, 2/4, 2/2
        assertEquals((0.75 + 0.5 + 1.0) / 3, e.macroPrecision(), 1e-12);
        double f1b = 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3);  // 4/7
        double f1c = 2 * 1.0 * (2.0 / 3) / (1.0 + 2.0 / 3);  // 0.8
        assertEquals(4.0 / 7, f1b, 1e-12);
        assertEquals((0.75 + f1b + f1c) / 3, e.macroF1(), 1e-12);
        assertEquals((0.75 * 4 + f1b * 3 + f1c * 3) / 10, e.weightedF1(), 1e-12);
        ClassScore b = e.perClass().get(1);
        assertEquals("b", b.label());
        assertEquals(3, b.support());
        assertEquals(4, b.predicted());
        assertEquals(0.5, b.precision(), 1e-12);
        assertEquals(0.75, e.normalizedConfusion()[0][0], 1e-12);
    }

    @Test
    void classesAbsentFromTheTruthDoNotCountInMacroMeans() {
        // label d never occurs; one item is wrongly predicted as d
        List<String> abcd = List.of("a", "b", "c", "d");
        Evaluation e = Evaluation.of(abcd, new int[] {0, 1, 2, 2}, new int[] {0, 1, 2, 3});
        assertEquals(0.75, e.accuracy(), 1e-12);
        assertEquals((1 + 1 + 0.5) / 3, e.unweightedAccuracy(), 1e-12);
        assertEquals(0, e.perClass().get(3).support());
        assertEquals(0, e.perClass().get(3).precision(), 1e-12);
    }

    @Test
    void pooledFoldsSumTheirMatrices() {
        Evaluation a = Evaluation.of(ABC, new int[] {0, 1}, new int[] {0, 2});
        Evaluation b = Evaluation.of(ABC, new int[] {2, 2}, new int[] {2, 1});
        Evaluation p = Evaluation.pooled(List.of(a, b));
        assertArrayEquals(new int[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 1}}, p.confusion());
        assertEquals(0.5, p.accuracy(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> Evaluation.pooled(List.of(a, Evaluation.of(List.of("x", "y", "z"), new int[0], new int[0]))));
    }

    @Test
    void emptyAndBadInput() {
        Evaluation empty = Evaluation.of(ABC, new int[0], new int[0]);
        assertEquals(0, empty.count());
        assertEquals(0, empty.accuracy());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.of(ABC, new int[] {0}, new int[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(ABC, new int[] {0}, new int[] {3}));
        assertTrue(e.getMessage().contains("out of 0..2"), e.getMessage());
    }

    @Test
    void fourClassViewKeepsItsItemsAndTakesTheArgmaxOverItsClasses() {
        List<String> labels = List.of("neutral", "happiness", "sadness", "anger", "fear");
        float[][] p = {
                {0.30f, 0.10f, 0.10f, 0.05f, 0.45f},  // true neutral: full argmax fear, 4-class argmax neutral
                {0.10f, 0.20f, 0.30f, 0.10f, 0.30f},  // true happiness: 4-class argmax sadness
                {0.05f, 0.05f, 0.60f, 0.10f, 0.20f},  // true sadness: right
                {0.10f, 0.10f, 0.10f, 0.60f, 0.10f},  // true anger: right
                {0.10f, 0.10f, 0.10f, 0.10f, 0.60f},  // true fear: not in the view, left out
        };
        Predictions pr = new Predictions(labels, List.of("neutral", "happiness", "sadness", "anger", "fear"), p);
        Evaluation full = pr.evaluate();
        assertEquals(5, full.count());
        assertEquals(3.0 / 5, full.accuracy(), 1e-12);
        Evaluation four = pr.view(Predictions.FOUR_CLASSES);
        assertEquals(Predictions.FOUR_CLASSES, four.labels());
        assertEquals(4, four.count());
        assertEquals(3.0 / 4, four.accuracy(), 1e-12);
        assertArrayEquals(new int[] {1, 0, 0, 0}, four.confusion()[0]);
        assertArrayEquals(new int[] {0, 0, 1, 0}, four.confusion()[1]);
    }

    @Test
    void crossCorpusScoresOverTheSharedLabels() {
        // a model with boredom (EmoDB-like) tested on a corpus with surprise (nEMO-like)
        List<String> model = List.of("anger", "boredom", "neutral");
        Predictions pr = new Predictions(model, List.of("anger", "surprise", "neutral"), new float[][] {
                {0.5f, 0.4f, 0.1f}, {0.2f, 0.5f, 0.3f}, {0.1f, 0.6f, 0.3f}});
        assertEquals(List.of("anger", "neutral"), pr.sharedLabels());
        Evaluation shared = pr.shared();
        assertEquals(2, shared.count());
        assertEquals(1.0, shared.accuracy(), 1e-12);  // neutral wins once boredom is out of the argmax
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, pr::evaluate);
        assertTrue(e.getMessage().contains("'surprise'"), e.getMessage());
    }
}
