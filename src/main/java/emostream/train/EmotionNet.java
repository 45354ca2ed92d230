package emostream.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import emostream.features.SpeakerNorm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainable network in DJL: audio CNN (AlexNet-style on spec3d), text head, fusion. Layers are called one by
 * one (no SequentialBlock) so {@link OnnxExporter} can mirror this forward pass node for node.
 *
 * <pre>
 * spec3d ─ (x-μ)/σ ─ minus its mean over time ─ conv11x11/4·BN·ReLU ─ maxpool3/2 ─ conv5x5·BN·ReLU ─ maxpool3/2
 *        ─ conv3x3·BN·ReLU ×3 ─ max over time ─ flatten [⊕ pooled statistics] [⊕ (acoustic-μ)/σ]
 *        ─ fc·ReLU ─ fc·ReLU = audio features ─ fc = audio logits
 * pooled statistics (statsPool): mean and std over time of (x-μ)/σ per (channel, band) and of its first DCT
 *        coefficients over the mel axis per channel (cepstra), standardised with training-set statistics
 * text_emb ─ fc·ReLU ─ fc = text logits
 * [audio features ⊕ text_emb·present] ─ fc = fusion logits
 * </pre>
 * The global max over time makes the CNN accept any window length; batch norm is folded into the conv weights at export.
 */
public final class EmotionNet implements AutoCloseable {

    static final float BN_EPS = 1e-5f;
    static final int[][] KERNELS = {{11, 4, 2}, {5, 1, 2}, {3, 1, 1}, {3, 1, 1}, {3, 1, 1}}; // kernel, stride, pad
    static final int POOL = 3;
    static final int POOL_STRIDE = 2;
    /** Added under the square root of pooled variances: keeps the gradient finite for a constant band. */
    static final float POOL_EPS = 1e-6f;

    private final NetSpec spec;
    private final NDManager manager;
    private Normalization norm;
    private NDArray specMean;
    private NDArray specStd;
    private NDArray acMean;
    private NDArray acStd;
    private NDArray poolMean;
    private NDArray poolStd;
    private final NDArray dct;
    private SpeakerNorm speakerNorm;

    final Conv2d[] convs = new Conv2d[5];
    final BatchNorm[] bns = new BatchNorm[5];
    final Linear fc1;
    final Linear fc2;
    final Linear audioOut;
    final Linear wide;      // null unless spec.wide()
    final Linear text1;
    final Linear text2;
    final Linear fusion;
    private final ParameterStore store;

    public EmotionNet(NetSpec spec, Normalization norm, NDManager parent) {
        this.spec = spec;
        this.manager = parent.newSubManager();
        this.store = new ParameterStore(manager, false);
        int[] c = spec.conv();
        int[] f = spec.fc();
        for (int i = 0; i < 5; i++) {
            convs[i] = Conv2d.builder().setFilters(c[i])
                    .setKernelShape(new Shape(KERNELS[i][0], KERNELS[i][0]))
                    .optStride(new Shape(KERNELS[i][1], KERNELS[i][1]))
                    .optPadding(new Shape(KERNELS[i][2], KERNELS[i][2]))
                    .optBias(false).build();
            bns[i] = BatchNorm.builder().optAxis(1).optEpsilon(BN_EPS).optMomentum(0.9f).build();
        }
        fc1 = Linear.builder().setUnits(f[0]).build();
        fc2 = Linear.builder().setUnits(f[1]).build();
        audioOut = Linear.builder().setUnits(spec.classes()).build();
        wide = spec.wide() ? Linear.builder().setUnits(spec.classes()).build() : null;
        text1 = Linear.builder().setUnits(spec.textHidden()).build();
        text2 = Linear.builder().setUnits(spec.classes()).build();
        fusion = Linear.builder().setUnits(spec.classes()).build();
        dct = spec.cepstra() > 0 ? manager.create(dctMatrix(spec.cepstra(), spec.features().melBands()),
                new Shape(spec.cepstra(), spec.features().melBands())) : null;
        initialize();
        setNormalization(norm);
    }

    private void initialize() {
        FeatureShape fs = featureShape(spec);
        Shape x = new Shape(1, 3, spec.features().melBands(), spec.features().frames());
        for (int i = 0; i < 5; i++) {
            convs[i].initialize(manager, DataType.FLOAT32, x);
            x = convs[i].getOutputShapes(new Shape[] {x})[0];
            bns[i].initialize(manager, DataType.FLOAT32, x);
            if (i < 2) {
                x = new Shape(x.get(0), x.get(1), pooled(x.get(2)), pooled(x.get(3)));
            }
        }
        long flat = fs.flat() + spec.pooledDim() + spec.acousticDim();
        fc1.initialize(manager, DataType.FLOAT32, new Shape(1, flat));
        fc2.initialize(manager, DataType.FLOAT32, new Shape(1, spec.fc()[0]));
        audioOut.initialize(manager, DataType.FLOAT32, new Shape(1, spec.audioFeatureDim()));
        if (wide != null) {
            wide.initialize(manager, DataType.FLOAT32, new Shape(1, spec.pooledDim() + spec.acousticDim()));
        }
        text1.initialize(manager, DataType.FLOAT32, new Shape(1, spec.textDim()));
        text2.initialize(manager, DataType.FLOAT32, new Shape(1, spec.textHidden()));
        fusion.initialize(manager, DataType.FLOAT32, new Shape(1, spec.audioFeatureDim() + spec.textDim()));
    }

    /** Orthonormal DCT-II rows 0..count-1 over {@code bands} mel bands, row-major [count][bands] (cepstra). */
    static float[] dctMatrix(int count, int bands) {
        float[] d = new float[count * bands];
        for (int k = 0; k < count; k++) {
            double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / bands);
            for (int m = 0; m < bands; m++) {
                d[k * bands + m] = (float) (scale * Math.cos(Math.PI * k * (m + 0.5) / bands));
            }
        }
        return d;
    }

    static long pooled(long n) {
        return (n - POOL) / POOL_STRIDE + 1;
    }

    /** Mel rows left after the conv stack, and the flattened width that feeds fc1. */
    record FeatureShape(long melRows, long flat) { }

    static FeatureShape featureShape(NetSpec spec) {
        long h = spec.features().melBands();
        for (int i = 0; i < 5; i++) {
            h = (h + 2L * KERNELS[i][2] - KERNELS[i][0]) / KERNELS[i][1] + 1;
            if (i < 2) {
                h = pooled(h);
            }
        }
        if (h < 1) {
            throw new IllegalArgumentException(spec.features().melBands() + " mel bands are too few for the CNN");
        }
        return new FeatureShape(h, h * spec.conv()[4]);
    }

    public void setNormalization(Normalization n) {
        int mel = spec.features().melBands();
        if (n.specMean().length != 3 * mel || n.acMean().length != spec.acousticDim()) {
            throw new IllegalArgumentException("normalisation statistics do not match the network shape");
        }
        int pd = spec.pooledDim();
        if (n.poolMean().length != 0 && n.poolMean().length != pd) {
            throw new IllegalArgumentException("pooled statistics have " + n.poolMean().length + " values, the net pools " + pd);
        }
        if (n.poolMean().length == 0) {
            float[] ones = new float[pd];
            java.util.Arrays.fill(ones, 1f);
            n = n.withPooled(new float[pd], ones);
        }
        this.norm = n;
        closeQuietly(specMean, specStd, acMean, acStd, poolMean, poolStd);
        specMean = manager.create(n.specMean(), new Shape(1, 3, mel, 1));
        specStd = manager.create(n.specStd(), new Shape(1, 3, mel, 1));
        acMean = manager.create(n.acMean(), new Shape(1, spec.acousticDim()));
        acStd = manager.create(n.acStd(), new Shape(1, spec.acousticDim()));
        poolMean = manager.create(n.poolMean(), new Shape(1, pd));
        poolStd = manager.create(n.poolStd(), new Shape(1, pd));
    }

    private static void closeQuietly(NDArray... arrays) {
        for (NDArray a : arrays) {
            if (a != null) {
                a.close();
            }
        }
    }

    /** The speaker-adaptive normalisation the runtime applies before this net (null: none, raw features). */
    public SpeakerNorm speakerNorm() {
        return speakerNorm;
    }

    public void setSpeakerNorm(SpeakerNorm speakerNorm) {
        this.speakerNorm = speakerNorm;
    }

    public NetSpec spec() {
        return spec;
    }

    public Normalization normalization() {
        return norm;
    }

    /** Audio branch: [features, logits]. {@code acoustic} may be null when the net uses none. */
    public NDList audio(NDArray spec3d, NDArray acoustic, boolean training) {
        NDArray z = spec3d.sub(specMean).div(specStd);
        NDArray timeMean = z.mean(new int[] {3}, true);
        // per-window mean over time subtracted per (channel, band), like cepstral mean normalisation: removes the
        // speaker's and microphone's spectral envelope; measured on nEMO held-out speakers: val UA 0.27 -> 0.42
        NDArray x = z.sub(timeMean);
        NDArray stats = spec.statsPool() ? rawPooled(timeMean, x).sub(poolMean).div(poolStd) : null;
        for (int i = 0; i < 5; i++) {
            x = convs[i].forward(store, new NDList(x), training).singletonOrThrow();
            x = bns[i].forward(store, new NDList(x), training).singletonOrThrow();
            x = Activation.relu(x);
            if (i < 2) {
                x = Pool.maxPool2d(x, new Shape(POOL, POOL), new Shape(POOL_STRIDE, POOL_STRIDE), new Shape(0, 0), false);
            }
        }
        x = x.max(new int[] {3});
        x = x.reshape(x.getShape().get(0), -1);
        if (stats != null) {
            x = x.concat(stats, 1);
        }
        NDArray acNorm = spec.acousticDim() > 0 ? acoustic.sub(acMean).div(acStd) : null;
        if (acNorm != null) {
            x = x.concat(acNorm, 1);
        }
        if (training && spec.inputDropout() > 0) {
            x = Dropout.dropout(x, spec.inputDropout(), true).singletonOrThrow();
        }
        x = dense(fc1, x, training);
        x = Dropout.dropout(x, spec.dropout(), training).singletonOrThrow();
        NDArray features = dense(fc2, x, training);
        // no dropout on the narrow feature layer itself: measured, it stalled learning at these widths
        NDArray logits = audioOut.forward(store, new NDList(features), training).singletonOrThrow();
        if (wide != null) {
            NDArray w = acNorm == null ? stats : stats.concat(acNorm, 1);
            logits = logits.add(wide.forward(store, new NDList(w), training).singletonOrThrow());
        }
        return new NDList(features, logits);
    }

    /**
     * Statistics over time, before standardisation: [mean per (channel, band), std per (channel, band), mean per
     * (channel, cepstrum), std per (channel, cepstrum)], each flattened channel-major. {@code timeMean} is
     * [N,3,mel,1], {@code centred} the normalised window minus it.
     */
    private NDArray rawPooled(NDArray timeMean, NDArray centred) {
        long n = centred.getShape().get(0);
        NDList parts = new NDList();
        parts.add(timeMean.reshape(n, -1));
        parts.add(centred.square().mean(new int[] {3}).add(POOL_EPS).sqrt().reshape(n, -1));
        if (dct != null) {
            parts.add(dct.matMul(timeMean).reshape(n, -1));
            parts.add(dct.matMul(centred).square().mean(new int[] {3}).add(POOL_EPS).sqrt().reshape(n, -1));
        }
        return NDArrays.concat(parts, 1);
    }

    /** The pooled statistics of some raw spec3d windows [N,3,mel,frames] before their standardisation (to fit it). */
    public NDArray pooledStatistics(NDArray spec3d) {
        NDArray z = spec3d.sub(specMean).div(specStd);
        NDArray timeMean = z.mean(new int[] {3}, true);
        return rawPooled(timeMean, z.sub(timeMean));
    }

    /** Text head logits from a sentence embedding. */
    public NDArray text(NDArray textEmb, boolean training) {
        NDArray h = dense(text1, textEmb, training);
        h = Dropout.dropout(h, spec.dropout(), training).singletonOrThrow();
        return text2.forward(store, new NDList(h), training).singletonOrThrow();
    }

    /** Fusion logits; {@code present} [N,1] zeroes the text half (no transcript or modality dropout). */
    public NDArray fuse(NDArray audioFeatures, NDArray textEmb, NDArray present, boolean training) {
        NDArray in = audioFeatures.concat(textEmb.mul(present), 1);
        return fusion.forward(store, new NDList(in), training).singletonOrThrow();
    }

    private NDArray dense(Linear layer, NDArray x, boolean training) {
        return Activation.relu(layer.forward(store, new NDList(x), training).singletonOrThrow());
    }

    /**
     * Inference exactly as the exported graph computes it: [fused_probs, audio_probs, text_probs, audio_features].
     * fused = present·softmax(fusion) + (1-present)·audio, so a window without transcript publishes the audio head.
     */
    public NDList predict(NDArray spec3d, NDArray acoustic, NDArray textEmb, NDArray present) {
        NDList a = audio(spec3d, acoustic, false);
        NDArray audioProbs = a.get(1).softmax(1);
        NDArray textProbs = text(textEmb, false).softmax(1);
        NDArray fusedProbs = fuse(a.get(0), textEmb, present, false).softmax(1).mul(present)
                .add(audioProbs.mul(present.neg().add(1f)));
        return new NDList(fusedProbs, audioProbs, textProbs, a.get(0));
    }

    public List<Block> audioBlocks() {
        List<Block> b = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            b.add(convs[i]);
            b.add(bns[i]);
        }
        b.add(fc1);
        b.add(fc2);
        b.add(audioOut);
        if (wide != null) {
            b.add(wide);
        }
        return b;
    }

    public List<Block> textBlocks() {
        return List.of(text1, text2);
    }

    public List<Block> fusionBlocks() {
        return List.of(fusion);
    }

    private List<Block> allBlocks() {
        List<Block> b = new ArrayList<>(audioBlocks());
        b.addAll(textBlocks());
        b.addAll(fusionBlocks());
        return b;
    }

    /** Trainable parameters of some blocks (running statistics excluded). */
    public static List<Parameter> trainable(List<Block> blocks) {
        List<Parameter> out = new ArrayList<>();
        for (Block b : blocks) {
            for (Parameter p : b.getParameters().values()) {
                if (p.requiresGradient()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    public void saveParameters(DataOutputStream out) throws IOException {
        for (Block b : allBlocks()) {
            b.saveParameters(out);
        }
    }

    public void loadParameters(DataInputStream in) throws IOException {
        try {
            for (Block b : allBlocks()) {
                b.loadParameters(manager, in);
            }
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint does not match the network: " + e.getMessage(), e);
        }
    }

    /** A copy of one parameter's values (export). */
    static float[] values(Block block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }

    static long[] shape(Block block, String name) {
        return block.getParameters().get(name).getArray().getShape().getShape();
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
