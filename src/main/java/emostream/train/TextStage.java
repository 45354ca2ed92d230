package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Trains and runs the text head on frozen sentence embeddings. */
final class TextStage {

    /** Exponent of the inverse-frequency class weights of the shipped recipe (see {@link #classWeights}). */
    static final double CLASS_WEIGHT_POWER = 0.5;

    private final EmotionNet net;

    TextStage(EmotionNet net) {
        this.net = net;
    }

    Fitter.Result train(float[][] emb, int[] y, float[][] devEmb, int[] devY, boolean[] allowed, Fitter.Settings s,
                        float[] classWeights) {
        return Fitter.fit("text", EmotionNet.trainable(net.textBlocks()), Fitter.allParameters(net.textBlocks()),
                emb.length, s, net.manager(),
                (bm, idx, rnd) -> {
                    int[] labels = new int[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        labels[i] = y[idx[i]];
                    }
                    return Fitter.crossEntropy(net.text(stack(bm, emb, idx), true), labels, classWeights, bm);
                },
                () -> score(devEmb, devY, allowed),
                // the dev sets are mostly neutral and joy: weighted F1 would stop where the rare classes are not yet
                // learned; the class-balanced loss is only worth its cost if early stopping looks at every class
                s2 -> s2.evaluation().macroF1());
    }

    /**
     * Class weights for the loss: inverse class frequency to the power {@code power} (1 = every class weighs alike,
     * 0 = none), scaled to a mean of 1 over the training items; classes without items get 0.
     */
    static float[] classWeights(int[] y, int classes, double power) {
        double[] count = new double[classes];
        for (int v : y) {
            count[v]++;
        }
        float[] w = new float[classes];
        double mean = 0;
        for (int c = 0; c < classes; c++) {
            w[c] = count[c] == 0 ? 0f : (float) Math.pow(y.length / (classes * count[c]), power);
            mean += w[c] * count[c];
        }
        mean /= Math.max(1, y.length);
        for (int c = 0; c < classes; c++) {
            w[c] /= (float) mean;
        }
        return w;
    }

    Scores score(float[][] emb, int[] y, boolean[] allowed) {
        float[][] p = probs(emb);
        int[] pred = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            pred[i] = Scores.argmax(p[i], allowed);
        }
        return Scores.of(y, pred, net.spec().classes());
    }

    float[][] probs(float[][] emb) {
        float[][] z = logits(emb);
        float[][] out = new float[z.length][];
        for (int i = 0; i < z.length; i++) {
            out[i] = AudioBranches.softmax(z[i]);
        }
        return out;
    }

    /** Raw (uncalibrated) text logits. */
    float[][] logits(float[][] emb) {
        float[][] out = new float[emb.length][];
        int batch = 256;
        for (int from = 0; from < emb.length; from += batch) {
            int[] idx = new int[Math.min(batch, emb.length - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager bm = net.manager().newSubManager()) {
                NDArray p = net.text(stack(bm, emb, idx), false);
                float[] flat = p.toFloatArray();
                int c = net.spec().classes();
                for (int i = 0; i < idx.length; i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(flat, i * c, (i + 1) * c);
                }
            }
        }
        return out;
    }

    static NDArray stack(NDManager bm, float[][] rows, int[] idx) {
        int d = rows[idx[0]].length;
        float[] flat = new float[idx.length * d];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(rows[idx[i]], 0, flat, i * d, d);
        }
        return bm.create(flat, new Shape(idx.length, d));
    }
}
