package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Map;

/**
 * Trains the functionals branch: a softmax regression on each window's standardised acoustic vector (the classic
 * recipe for eGeMAPS-style features: linear, strongly regularised, per-speaker normalised inputs), with windows
 * weighted so that corpora and classes count alike and the softmax restricted to the window's corpus's labels.
 */
final class FunctionalsStage {

    private final EmotionNet net;

    FunctionalsStage(EmotionNet net) {
        this.net = net;
    }

    Fitter.Result train(AudioSet train, AudioSet val, Map<String, boolean[]> allowed, Fitter.Settings s,
                        float[] weights, boolean corpusMask) {
        int classes = net.spec().classes();
        int dim = net.spec().acousticDim();
        boolean[][] masks = AudioBranches.masks(train, allowed, corpusMask);
        return Fitter.fit("functionals", EmotionNet.trainable(net.functionalsBlocks()),
                Fitter.allParameters(net.functionalsBlocks()), train.windows(), s, net.manager(),
                (bm, idx, rnd) -> {
                    float[] targets = new float[idx.length * classes];
                    float[] w = new float[idx.length];
                    boolean[][] m = new boolean[idx.length][];
                    for (int i = 0; i < idx.length; i++) {
                        targets[i * classes + train.labels.get(idx[i])] = 1f;
                        w[i] = weights[idx[i]];
                        m[i] = masks[idx[i]];
                    }
                    NDArray x = bm.create(AudioBranches.rows(train.acoustic, idx, dim), new Shape(idx.length, dim));
                    return Fitter.softCrossEntropy(net.functionals(x, true), targets, w, corpusMask ? m : null, bm);
                },
                () -> AudioBranches.clipScores(val, windowLogits(val), allowed, classes),
                Scores::unweightedAccuracy);
    }

    /** Raw (uncalibrated) functionals logits per window. */
    float[][] windowLogits(AudioSet set) {
        int n = set.windows();
        int dim = net.spec().acousticDim();
        float[][] out = new float[n][];
        int batch = 1024;
        for (int from = 0; from < n; from += batch) {
            int[] idx = new int[Math.min(batch, n - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager bm = net.manager().newSubManager()) {
                NDArray z = net.functionals(bm.create(AudioBranches.rows(set.acoustic, idx, dim), new Shape(idx.length, dim)), false);
                split(z.toFloatArray(), net.spec().classes(), out, from);
            }
        }
        return out;
    }

    static void split(float[] flat, int width, float[][] out, int from) {
        for (int i = 0; i < flat.length / width; i++) {
            out[from + i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
    }
}
