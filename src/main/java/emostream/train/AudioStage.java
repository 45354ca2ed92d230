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

    Fitter.Result train(AudioSet train, AudioSet val, Map<String, boolean[]> allowed, Fitter.Settings s,
                        float[] classWeights, Augment aug) {
        // an epoch visits every clip once, through one of its windows drawn at random (a random crop of long clips)
        List<List<Integer>> windowsOf = new java.util.ArrayList<>();
        for (int i = 0; i < train.clips.size(); i++) {
            windowsOf.add(new java.util.ArrayList<>());
        }
        for (int w = 0; w < train.windows(); w++) {
            windowsOf.get(train.clipOf.get(w)).add(w);
        }
        return Fitter.fit("audio", EmotionNet.trainable(net.audioBlocks()), Fitter.allParameters(net.audioBlocks()),
                train.clips.size(), s, net.manager(),
                (bm, clips, rnd) -> {
                    int[] idx = new int[clips.length];
                    int[] y = new int[clips.length];
                    for (int i = 0; i < clips.length; i++) {
                        List<Integer> ws = windowsOf.get(clips[i]);
                        idx[i] = ws.get(rnd.nextInt(ws.size()));
                        y[i] = train.labels.get(idx[i]);
                    }
                    NDList out = forward(bm, train, idx, true, aug, rnd);
                    return Fitter.crossEntropy(out.get(1), y, classWeights, bm);
                },
                () -> score(val, allowed),
                Scores::unweightedAccuracy);
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
                NDList o = forward(bm, set, idx, false, Augment.NONE, null);
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

    private NDList forward(NDManager bm, AudioSet set, int[] idx, boolean training, Augment aug, Random rnd) {
        int len = set.spec.get(0).length;
        int frames = len / (3 * mel);
        float[] x = new float[idx.length * len];
        float[] a = new float[idx.length * Math.max(acDim, 1)];
        float[] means = net.normalization().specMean();
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(set.spec.get(idx[i]), 0, x, i * len, len);
            if (acDim > 0) {
                System.arraycopy(set.acoustic.get(idx[i]), 0, a, i * acDim, acDim);
            }
            if (training && aug.probability() > 0 && rnd.nextFloat() < aug.probability()) {
                mask(x, i * len, frames, means, aug, rnd);
            }
        }
        NDArray xs = bm.create(x, new Shape(idx.length, 3, mel, frames));
        NDArray ac = acDim > 0 ? bm.create(java.util.Arrays.copyOf(a, idx.length * acDim), new Shape(idx.length, acDim)) : null;
        return net.audio(xs, ac, training);
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
