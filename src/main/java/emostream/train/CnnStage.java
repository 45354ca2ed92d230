package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the spec3d CNN branch: an epoch visits every clip once through one of its windows drawn at random (a
 * random crop of long clips), SpecAugment masks, the same class- and corpus-balancing window weights and corpus
 * label masks as the functionals branch.
 */
final class CnnStage {

    /** SpecAugment-style masking applied to training windows (masked cells get the band's training mean). */
    record Augment(float probability, int timeMasks, int maxTimeWidth, int freqMasks, int maxFreqWidth) {
        static final Augment NONE = new Augment(0, 0, 0, 0, 0);
    }

    private final EmotionNet net;
    private final int mel;

    CnnStage(EmotionNet net) {
        this.net = net;
        this.mel = net.spec().features().melBands();
    }

    Fitter.Result train(AudioSet train, AudioSet val, Map<String, boolean[]> allowed, Fitter.Settings s,
                        float[] weights, boolean corpusMask, Augment aug) {
        List<List<Integer>> windowsOf = new ArrayList<>();
        for (int i = 0; i < train.clips.size(); i++) {
            windowsOf.add(new ArrayList<>());
        }
        for (int w = 0; w < train.windows(); w++) {
            windowsOf.get(train.clipOf.get(w)).add(w);
        }
        int classes = net.spec().classes();
        boolean[][] masks = AudioBranches.masks(train, allowed, corpusMask);
        return Fitter.fit("cnn", EmotionNet.trainable(net.cnnBlocks()), Fitter.allParameters(net.cnnBlocks()),
                train.clips.size(), s, net.manager(),
                (bm, clips, rnd) -> {
                    int n = clips.length;
                    int[] idx = new int[n];
                    float[] targets = new float[n * classes];
                    float[] w = new float[n];
                    boolean[][] m = new boolean[n][];
                    for (int i = 0; i < n; i++) {
                        List<Integer> ws = windowsOf.get(clips[i]);
                        idx[i] = ws.get(rnd.nextInt(ws.size()));
                        targets[i * classes + train.labels.get(idx[i])] = 1f;
                        w[i] = weights[idx[i]];
                        m[i] = masks[idx[i]];
                    }
                    NDList out = net.cnn(batch(bm, train, idx, aug, rnd), true);
                    return Fitter.softCrossEntropy(out.get(1), targets, w, corpusMask ? m : null, bm);
                },
                () -> AudioBranches.clipScores(val, windowOutputs(val, false), allowed, classes),
                Scores::unweightedAccuracy);
    }

    /** Raw (uncalibrated) CNN logits per window. */
    float[][] windowLogits(AudioSet set) {
        return windowOutputs(set, false);
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
                NDList o = net.cnn(batch(bm, set, idx, Augment.NONE, null), false);
                NDArray r = features ? o.get(0) : o.get(1);
                FunctionalsStage.split(r.toFloatArray(), (int) r.getShape().get(1), out, from);
            }
        }
        return out;
    }

    private NDArray batch(NDManager bm, AudioSet set, int[] idx, Augment aug, Random rnd) {
        int len = set.spec.get(0).length;
        int frames = len / (3 * mel);
        float[] x = AudioBranches.rows(set.spec, idx, len);
        if (rnd != null && aug.probability() > 0) {
            float[] means = net.normalization().specMean();
            for (int i = 0; i < idx.length; i++) {
                if (rnd.nextFloat() < aug.probability()) {
                    mask(x, i * len, frames, means, aug, rnd);
                }
            }
        }
        return bm.create(x, new Shape(idx.length, 3, mel, frames));
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
}
