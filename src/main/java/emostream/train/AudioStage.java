package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Trains and runs the audio CNN on spec3d windows; clip scores average the clip's window probabilities. */
final class AudioStage {

    /** SpecAugment-style masking applied to training windows (masked cells get the band's training mean). */
    record Augment(float probability, int timeMasks, int maxTimeWidth, int freqMasks, int maxFreqWidth) {
        static final Augment NONE = new Augment(0, 0, 0, 0, 0);
    }

    private final EmotionNet net;
    private final int mel;
    private final int acDim;

    AudioStage(EmotionNet net) {
        this.net = net;
        this.mel = net.spec().features().melBands();
        this.acDim = net.spec().acousticDim();
    }

    /**
     * Loss-side choices for the audio branch.
     *
     * @param labelSmoothing share of the target spread over the item's possible classes
     * @param mixup          α of the Beta(α, α) mixing weight between an item and a random partner of the batch (0 = off)
     * @param corpusMask     softmax over the item's corpus's own classes only (a joint model never learns that an
     *                       EmoDB clip is "not surprise" merely because EmoDB has no surprise)
     * @param corpusBalance  an epoch visits the clips of a smaller corpus several times, so every corpus weighs about
     *                       as much as the largest (class weights then follow the balanced counts)
     */
    record Regimen(float labelSmoothing, float mixup, boolean corpusMask, boolean corpusBalance) {
        static final Regimen PLAIN = new Regimen(0f, 0f, false, false);
    }

    /** The clip each training item of an epoch is (clips of smaller corpora repeated when balancing). */
    static List<Integer> items(AudioSet train, boolean balance) {
        Map<String, Integer> perCorpus = new java.util.HashMap<>();
        train.clips.forEach(c -> perCorpus.merge(c.corpus(), 1, Integer::sum));
        int largest = perCorpus.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < train.clips.size(); i++) {
            int repeat = balance ? Math.max(1, Math.round((float) largest / perCorpus.get(train.clips.get(i).corpus()))) : 1;
            for (int r = 0; r < repeat; r++) {
                out.add(i);
            }
        }
        return out;
    }

    Fitter.Result train(AudioSet train, AudioSet val, Map<String, boolean[]> allowed, Fitter.Settings s,
                        float[] classWeights, Augment aug) {
        return train(train, val, allowed, s, classWeights, aug, Regimen.PLAIN);
    }

    Fitter.Result train(AudioSet train, AudioSet val, Map<String, boolean[]> allowed, Fitter.Settings s,
                        float[] classWeights, Augment aug, Regimen reg) {
        // an epoch visits every clip once, through one of its windows drawn at random (a random crop of long clips)
        List<List<Integer>> windowsOf = new java.util.ArrayList<>();
        for (int i = 0; i < train.clips.size(); i++) {
            windowsOf.add(new java.util.ArrayList<>());
        }
        for (int w = 0; w < train.windows(); w++) {
            windowsOf.get(train.clipOf.get(w)).add(w);
        }
        int classes = net.spec().classes();
        List<Integer> items = items(train, reg.corpusBalance());
        return Fitter.fit("audio", EmotionNet.trainable(net.audioBlocks()), Fitter.allParameters(net.audioBlocks()),
                items.size(), s, net.manager(),
                (bm, batchItems, rnd) -> {
                    int n = batchItems.length;
                    int[] clips = new int[n];
                    for (int i = 0; i < n; i++) {
                        clips[i] = items.get(batchItems[i]);
                    }
                    int[] idx = new int[n];
                    float[] targets = new float[n * classes];
                    float[] weights = new float[n];
                    boolean[][] masks = new boolean[n][];
                    for (int i = 0; i < n; i++) {
                        List<Integer> ws = windowsOf.get(clips[i]);
                        idx[i] = ws.get(rnd.nextInt(ws.size()));
                        int y = train.labels.get(idx[i]);
                        boolean[] own = allowed == null ? null : allowed.get(train.clips.get(clips[i]).corpus());
                        masks[i] = reg.corpusMask() ? own : null;
                        target(targets, i * classes, y, classes, reg.labelSmoothing(), masks[i]);
                        weights[i] = classWeights == null ? 1f : classWeights[y];
                    }
                    int[] partner = null;
                    float[] lambda = null;
                    if (reg.mixup() > 0 && n > 1) {
                        partner = new int[n];
                        lambda = new float[n];
                        float[] t0 = targets.clone();
                        float[] w0 = weights.clone();
                        boolean[][] m0 = masks.clone();
                        for (int i = 0; i < n; i++) {
                            partner[i] = rnd.nextInt(n);
                            float l = (float) beta(rnd, reg.mixup());
                            lambda[i] = Math.max(l, 1 - l); // the item itself dominates: its index keeps its meaning
                            int j = partner[i];
                            for (int k = 0; k < classes; k++) {
                                targets[i * classes + k] = lambda[i] * t0[i * classes + k] + (1 - lambda[i]) * t0[j * classes + k];
                            }
                            weights[i] = lambda[i] * w0[i] + (1 - lambda[i]) * w0[j];
                            masks[i] = union(m0[i], m0[j]);
                        }
                    }
                    NDList out = forward(bm, train, idx, true, aug, rnd, partner, lambda);
                    return Fitter.softCrossEntropy(out.get(1), targets, weights, reg.corpusMask() ? masks : null, bm);
                },
                () -> score(val, allowed),
                Scores::unweightedAccuracy);
    }

    /** One-hot of {@code y}, smoothed over the allowed classes (all when {@code mask} is null). */
    static void target(float[] out, int off, int y, int classes, float smoothing, boolean[] mask) {
        int count = 0;
        for (int k = 0; k < classes; k++) {
            if (mask == null || mask[k]) {
                count++;
            }
        }
        for (int k = 0; k < classes; k++) {
            float base = mask == null || mask[k] ? smoothing / count : 0f;
            out[off + k] = base + (k == y ? 1 - smoothing : 0f);
        }
    }

    private static boolean[] union(boolean[] a, boolean[] b) {
        if (a == null || b == null) {
            return null;
        }
        boolean[] u = new boolean[a.length];
        for (int k = 0; k < a.length; k++) {
            u[k] = a[k] || b[k];
        }
        return u;
    }

    /** A Beta(α, α) draw from two Gamma(α) draws (Marsaglia–Tsang, with the α &lt; 1 boost). */
    static double beta(Random r, double alpha) {
        double x = gamma(r, alpha);
        double y = gamma(r, alpha);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    private static double gamma(Random r, double shape) {
        if (shape < 1) {
            return gamma(r, shape + 1) * Math.pow(r.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = r.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** Clip-level scores, each clip's argmax restricted to its corpus's labels. */
    Scores score(AudioSet set, Map<String, boolean[]> allowed) {
        float[][] p = clipProbs(set);
        int[] pred = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            pred[i] = Scores.argmax(p[i], allowed == null ? null : allowed.get(set.clips.get(i).corpus()));
        }
        return Scores.of(set.clipLabelArray(), pred, net.spec().classes());
    }

    /** Mean audio probabilities over each clip's windows. */
    float[][] clipProbs(AudioSet set) {
        int c = net.spec().classes();
        float[][] probs = new float[set.clips.size()][c];
        int[] count = new int[set.clips.size()];
        float[][] w = windowOutputs(set, false);
        for (int i = 0; i < set.windows(); i++) {
            int clip = set.clipOf.get(i);
            count[clip]++;
            for (int k = 0; k < c; k++) {
                probs[clip][k] += w[i][k];
            }
        }
        for (int i = 0; i < probs.length; i++) {
            for (int k = 0; k < c; k++) {
                probs[i][k] /= Math.max(count[i], 1);
            }
        }
        return probs;
    }

    /** Audio probabilities per window. */
    float[][] windowProbs(AudioSet set) {
        return windowOutputs(set, false);
    }

    /** Penultimate audio features per window (eval mode), the fusion layer's audio input. */
    float[][] windowFeatures(AudioSet set) {
        return windowOutputs(set, true);
    }

    private float[][] windowOutputs(AudioSet set, boolean features) {
        int n = set.windows();
        float[][] out = new float[n][];
        int batch = 64;
        for (int from = 0; from < n; from += batch) {
            int[] idx = new int[Math.min(batch, n - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager bm = net.manager().newSubManager()) {
                NDList o = forward(bm, set, idx, false, Augment.NONE, null, null, null);
                NDArray r = features ? o.get(0) : o.get(1).softmax(1);
                float[] flat = r.toFloatArray();
                int d = (int) r.getShape().get(1);
                for (int i = 0; i < idx.length; i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                }
            }
        }
        return out;
    }

    /** {@code partner}/{@code lambda} (training only, may be null): mixup of each item with a partner in the batch. */
    private NDList forward(NDManager bm, AudioSet set, int[] idx, boolean training, Augment aug, Random rnd,
                           int[] partner, float[] lambda) {
        int len = set.spec.get(0).length;
        int frames = len / (3 * mel);
        float[] x = new float[idx.length * len];
        float[] a = new float[idx.length * Math.max(acDim, 1)];
        float[] means = net.normalization().specMean();
        for (int i = 0; i < idx.length; i++) {
            float[] s = set.spec.get(idx[i]);
            float[] ac = set.acoustic.get(idx[i]);
            if (partner != null) {
                float l = lambda[i];
                float[] s2 = set.spec.get(idx[partner[i]]);
                float[] ac2 = set.acoustic.get(idx[partner[i]]);
                for (int k = 0; k < len; k++) {
                    x[i * len + k] = l * s[k] + (1 - l) * s2[k];
                }
                for (int k = 0; k < acDim; k++) {
                    a[i * acDim + k] = l * ac[k] + (1 - l) * ac2[k];
                }
            } else {
                System.arraycopy(s, 0, x, i * len, len);
                if (acDim > 0) {
                    System.arraycopy(ac, 0, a, i * acDim, acDim);
                }
            }
            if (training && aug.probability() > 0 && rnd.nextFloat() < aug.probability()) {
                mask(x, i * len, frames, means, aug, rnd);
            }
        }
        NDArray xs = bm.create(x, new Shape(idx.length, 3, mel, frames));
        NDArray ac = acDim > 0 ? bm.create(java.util.Arrays.copyOf(a, idx.length * acDim), new Shape(idx.length, acDim)) : null;
        return net.audio(xs, ac, training);
    }

    /** Raw pooled statistics of every window of a set (eval mode), to fit their standardisation. */
    List<float[]> pooledStatistics(AudioSet set) {
        List<float[]> out = new java.util.ArrayList<>(set.windows());
        int batch = 64;
        int len = set.spec.get(0).length;
        int frames = len / (3 * mel);
        for (int from = 0; from < set.windows(); from += batch) {
            int to = Math.min(set.windows(), from + batch);
            float[] x = new float[(to - from) * len];
            for (int w = from; w < to; w++) {
                System.arraycopy(set.spec.get(w), 0, x, (w - from) * len, len);
            }
            try (NDManager bm = net.manager().newSubManager()) {
                NDArray p = net.pooledStatistics(bm.create(x, new Shape(to - from, 3, mel, frames)));
                float[] flat = p.toFloatArray();
                int d = (int) p.getShape().get(1);
                for (int i = 0; i < to - from; i++) {
                    out.add(java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d));
                }
            }
        }
        return out;
    }

    /** Time and frequency masks over all three channels. */
    private void mask(float[] x, int off, int frames, float[] means, Augment aug, Random rnd) {
        for (int m = 0; m < aug.timeMasks(); m++) {
            int w = rnd.nextInt(aug.maxTimeWidth() + 1);
            int t0 = rnd.nextInt(Math.max(frames - w, 1));
            for (int row = 0; row < 3 * mel; row++) {
                for (int t = t0; t < Math.min(frames, t0 + w); t++) {
                    x[off + row * frames + t] = means[row];
                }
            }
        }
        for (int m = 0; m < aug.freqMasks(); m++) {
            int w = rnd.nextInt(aug.maxFreqWidth() + 1);
            int f0 = rnd.nextInt(Math.max(mel - w, 1));
            for (int ch = 0; ch < 3; ch++) {
                for (int band = f0; band < Math.min(mel, f0 + w); band++) {
                    int row = ch * mel + band;
                    java.util.Arrays.fill(x, off + row * frames, off + (row + 1) * frames, means[row]);
                }
            }
        }
    }

    /** Inverse-frequency class weights over the training windows, mean 1 over the classes present. */
    static float[] classWeights(List<Integer> labels, int classes) {
        int[] count = new int[classes];
        for (int y : labels) {
            count[y]++;
        }
        float[] w = new float[classes];
        int present = 0;
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            if (count[c] > 0) {
                w[c] = (float) labels.size() / count[c];
                sum += w[c];
                present++;
            }
        }
        for (int c = 0; c < classes; c++) {
            w[c] = (float) (w[c] * present / sum);
        }
        return w;
    }
}
