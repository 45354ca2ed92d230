package emostream.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The one training loop every stage uses: shuffled mini-batches, Adam, a per-epoch log line, a progress bar,
 * early stopping on a validation score (higher is better) and restoring the best epoch's weights.
 */
final class Fitter {

    private static final Logger LOG = LoggerFactory.getLogger(Fitter.class);

    /** @param ema decay of an exponential moving average of the weights that validation scores and the result keeps (0 = off) */
    record Settings(int epochs, int patience, int batch, float learningRate, float weightDecay, long seed, float ema) {
        Settings(int epochs, int patience, int batch, float learningRate, float weightDecay, long seed) {
            this(epochs, patience, batch, learningRate, weightDecay, seed, 0f);
        }
    }

    /** Builds the batch's loss (a scalar) in {@code bm}; called inside a gradient collector. */
    interface BatchLoss {
        NDArray loss(NDManager bm, int[] items, Random random);
    }

    /** What a stage reports: best epoch, its validation score, epochs run, seconds. */
    record Result(int bestEpoch, double bestScore, Scores bestScores, int epochsRun, double seconds) { }

    private Fitter() {
    }

    /**
     * @param params    trainable parameters
     * @param all       every parameter to snapshot for "best epoch" (includes batch-norm running statistics)
     * @param items     training item count
     * @param validate  scores the current weights on the validation set
     * @param criterion which score early stopping maximises
     */
    static Result fit(String stage, List<Parameter> params, List<Parameter> all, int items, Settings s,
                      NDManager manager, BatchLoss lossFn, Supplier<Scores> validate, Criterion criterion) {
        long t0 = System.nanoTime();
        // cosine decay over the maximum number of steps: late epochs take small steps, so the epoch early stopping
        // picks is less a matter of luck
        int steps = Math.max(1, s.epochs() * ((items + s.batch() - 1) / s.batch()));
        Tracker lr = Tracker.cosine().setBaseValue(s.learningRate()).optFinalValue(s.learningRate() / 100)
                .setMaxUpdates(steps).build();
        Optimizer adam = Optimizer.adam().optLearningRateTracker(lr)
                .optWeightDecays(s.weightDecay()).optClipGrad(5f).build();
        Random random = new Random(s.seed());
        int[] order = new int[items];
        for (int i = 0; i < items; i++) {
            order[i] = i;
        }
        double best = Double.NEGATIVE_INFINITY;
        Scores bestScores = null;
        int bestEpoch = 0;
        List<float[]> snapshot = null;
        // the weight average smooths the epoch-to-epoch jumps of a small, noisy training set
        List<float[]> average = s.ema() > 0 ? snapshot(params) : null;
        int epoch = 0;
        while (epoch < s.epochs() && epoch - bestEpoch < s.patience()) {
            epoch++;
            shuffle(order, random);
            int batches = (items + s.batch() - 1) / s.batch();
            Progress bar = new Progress(stage + " " + epoch, batches);
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * s.batch();
                int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(items, from + s.batch()));
                try (NDManager bm = manager.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = lossFn.loss(bm, idx, random);
                        gc.backward(loss);
                        lossSum += loss.getFloat();
                    }
                    for (Parameter p : params) {
                        NDArray w = p.getArray();
                        NDArray g = w.getGradient();
                        adam.update(p.getId(), w, g);
                        g.subi(g); // PyTorch accumulates gradients: clear them for the next batch
                        g.close();
                    }
                }
                if (average != null) {
                    accumulate(average, params, s.ema());
                }
                bar.step(b + 1, String.format(Locale.ROOT, "loss %.3f", lossSum / (b + 1)));
            }
            List<float[]> live = null;
            if (average != null) {
                live = snapshot(params);
                restore(params, average);
            }
            Scores val = validate.get();
            double score = criterion.of(val);
            boolean improved = score > best;
            if (improved) {
                best = score;
                bestScores = val;
                bestEpoch = epoch;
                snapshot = snapshot(all);
            }
            if (live != null) {
                restore(params, live);
            }
            LOG.info(String.format(Locale.ROOT, "%s epoch %d/%d  loss %.4f  val %s%s  %.0fs", stage, epoch, s.epochs(),
                    lossSum / Math.max(batches, 1), val, improved ? "  *best*" : "", (System.nanoTime() - t0) / 1e9));
        }
        if (snapshot != null) {
            restore(all, snapshot);
        }
        LOG.info(String.format(Locale.ROOT, "%s: best epoch %d (%s), %d epochs, %.0f s", stage, bestEpoch, bestScores,
                epoch, (System.nanoTime() - t0) / 1e9));
        return new Result(bestEpoch, best, bestScores, epoch, (System.nanoTime() - t0) / 1e9);
    }

    interface Criterion {
        double of(Scores s);
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static List<float[]> snapshot(List<Parameter> all) {
        List<float[]> out = new ArrayList<>(all.size());
        for (Parameter p : all) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    private static void accumulate(List<float[]> average, List<Parameter> params, float decay) {
        for (int i = 0; i < params.size(); i++) {
            float[] w = params.get(i).getArray().toFloatArray();
            float[] a = average.get(i);
            for (int k = 0; k < a.length; k++) {
                a[k] = decay * a[k] + (1 - decay) * w[k];
            }
        }
    }

    private static void restore(List<Parameter> all, List<float[]> values) {
        for (int i = 0; i < all.size(); i++) {
            all.get(i).getArray().set(java.nio.FloatBuffer.wrap(values.get(i))); // in place: optimiser state keeps its keys
        }
    }

    /** Every parameter of some blocks, running statistics included. */
    static List<Parameter> allParameters(List<ai.djl.nn.Block> blocks) {
        List<Parameter> out = new ArrayList<>();
        for (ai.djl.nn.Block b : blocks) {
            out.addAll(b.getParameters().values());
        }
        return out;
    }

    /**
     * Class-weighted cross-entropy against soft targets: mean over the batch (weighted by {@code weights}) of
     * −Σ_c target[c]·log softmax(logits)[c]. {@code allowed} (per item, may be null) removes the classes an item
     * cannot have from its softmax (a corpus without that label): they get neither probability nor gradient.
     */
    static NDArray softCrossEntropy(NDArray logits, float[] targets, float[] weights, boolean[][] allowed, NDManager bm) {
        int n = (int) logits.getShape().get(0);
        int c = (int) logits.getShape().get(1);
        NDArray z = logits;
        if (allowed != null) {
            float[] add = new float[n * c];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    add[i * c + k] = allowed[i] == null || allowed[i][k] ? 0f : -1e4f;
                }
            }
            z = z.add(bm.create(add, new Shape(n, c)));
        }
        NDArray target = bm.create(targets, new Shape(n, c));
        NDArray w = bm.create(weights, new Shape(n));
        NDArray nll = z.logSoftmax(1).mul(target).sum(new int[] {1}).neg();
        return nll.mul(w).sum().div(w.sum());
    }

    /** Class-weighted cross-entropy: mean over the batch of w[y]·(−log softmax(logits)[y]). */
    static NDArray crossEntropy(NDArray logits, int[] labels, float[] classWeights, NDManager bm) {
        int c = (int) logits.getShape().get(1);
        float[] onehot = new float[labels.length * c];
        float[] w = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            onehot[i * c + labels[i]] = 1f;
            w[i] = classWeights == null ? 1f : classWeights[labels[i]];
        }
        NDArray target = bm.create(onehot, new Shape(labels.length, c));
        NDArray weights = bm.create(w, new Shape(labels.length));
        NDArray nll = logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg();
        return nll.mul(weights).sum().div(weights.sum());
    }
}
