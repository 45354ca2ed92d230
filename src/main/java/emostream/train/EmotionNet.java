package emostream.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
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
 * The trainable network in DJL. Layers are called one by one (no SequentialBlock) so {@link OnnxExporter} can
 * mirror this forward pass node for node.
 *
 * <pre>
 * acoustic ─ (a-μ)/σ ─ fc = functionals logits                                   (functionals branch)
 * spec3d ─ (x-μ)/σ ─ minus its mean over time ─ conv11x11/4·BN·ReLU ─ maxpool3/2 ─ conv5x5·BN·ReLU ─ maxpool3/2
 *        ─ conv3x3·BN·ReLU ×3 ─ max over time ─ fc·ReLU ─ fc·ReLU = audio features ─ fc = CNN logits   (CNN branch)
 * audio logits = sf·functionals + sc·cnn + b                                      (calibration, {@link Calibration})
 * text_emb ─ fc·ReLU ─ fc = text logits, × st
 * fused logits = log either(p_audio, p_text) + g(p_text)·fc(ReLU(fc([log p_audio, log p_text])))
 * either(a, t)[neutral] = a_n·t_n,   either(a, t)[c] = a_c·t_c + a_c·t_n + a_n·t_c   (unnormalised)
 *   t = the text posterior gated by its confidence g ({@link Calibration}): an unsure text reads as neutral, and
 *   the learned correction acts only as far as the words are evidence
 * </pre>
 * The fusion starts as "either modality may carry the emotion while the other stays neutral" and learns where to
 * depart from it. A product of the experts (v3 and before) let a voice that sounds confidently neutral veto the
 * words: a flat voice reading an angry sentence came out neutral, worse than the text alone. Under {@code either}
 * a neutral voice passes the words' posterior through unchanged, neutral words pass the voice's, and two modalities
 * that agree still reinforce each other. The global max over time makes the CNN accept any window length; batch norm
 * is folded into the conv weights at export. The global max over time makes the CNN accept any window length; batch norm
 * is folded into the conv weights at export.
 */
public final class EmotionNet implements AutoCloseable {

    static final float BN_EPS = 1e-5f;
    static final int[][] KERNELS = {{11, 4, 2}, {5, 1, 2}, {3, 1, 1}, {3, 1, 1}, {3, 1, 1}}; // kernel, stride, pad
    static final int POOL = 3;
    static final int POOL_STRIDE = 2;

    private final NetSpec spec;
    private final NDManager manager;
    private Normalization norm;
    private Calibration calibration;
    private NDArray specMean;
    private NDArray specStd;
    private NDArray acMean;
    private NDArray acStd;
    private SpeakerNorm speakerNorm;

    final Conv2d[] convs = new Conv2d[5];
    final BatchNorm[] bns = new BatchNorm[5];
    final Linear fc1;
    final Linear fc2;
    final Linear cnnOut;
    final Linear functionalsOut;
    final Linear text1;
    final Linear text2;
    final Linear fusion1;
    final Linear fusion2;
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
        cnnOut = Linear.builder().setUnits(spec.classes()).build();
        functionalsOut = Linear.builder().setUnits(spec.classes()).build();
        text1 = Linear.builder().setUnits(spec.textHidden()).build();
        text2 = Linear.builder().setUnits(spec.classes()).build();
        fusion1 = Linear.builder().setUnits(spec.fusionHidden()).build();
        fusion2 = Linear.builder().setUnits(spec.classes()).build();
        initialize();
        setNormalization(norm);
        this.calibration = Calibration.identity(spec);
    }

    private void initialize() {
        Shape x = new Shape(1, 3, spec.features().melBands(), spec.features().frames());
        for (int i = 0; i < 5; i++) {
            convs[i].initialize(manager, DataType.FLOAT32, x);
            x = convs[i].getOutputShapes(new Shape[] {x})[0];
            bns[i].initialize(manager, DataType.FLOAT32, x);
            if (i < 2) {
                x = new Shape(x.get(0), x.get(1), pooled(x.get(2)), pooled(x.get(3)));
            }
        }
        fc1.initialize(manager, DataType.FLOAT32, new Shape(1, cnnFlat(spec)));
        fc2.initialize(manager, DataType.FLOAT32, new Shape(1, spec.fc()[0]));
        cnnOut.initialize(manager, DataType.FLOAT32, new Shape(1, spec.fc()[1]));
        functionalsOut.initialize(manager, DataType.FLOAT32, new Shape(1, Math.max(spec.acousticDim(), 1)));
        text1.initialize(manager, DataType.FLOAT32, new Shape(1, spec.textDim()));
        text2.initialize(manager, DataType.FLOAT32, new Shape(1, spec.textHidden()));
        fusion1.initialize(manager, DataType.FLOAT32, new Shape(1, 2L * spec.classes()));
        fusion2.initialize(manager, DataType.FLOAT32, new Shape(1, spec.fusionHidden()));
        // the fusion correction starts at zero: the untrained fusion is either(p_audio, p_text)
        fusion2.getParameters().get("weight").getArray().muli(0);
    }

    static long pooled(long n) {
        return (n - POOL) / POOL_STRIDE + 1;
    }

    /** The flattened width the conv stack feeds into fc1. */
    static long cnnFlat(NetSpec spec) {
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
        return h * spec.conv()[4];
    }

    public void setNormalization(Normalization n) {
        int mel = spec.features().melBands();
        if (n.specMean().length != 3 * mel || n.acMean().length != spec.acousticDim()) {
            throw new IllegalArgumentException("normalisation statistics do not match the network shape");
        }
        this.norm = n;
        for (NDArray a : new NDArray[] {specMean, specStd, acMean, acStd}) {
            if (a != null) {
                a.close();
            }
        }
        specMean = manager.create(n.specMean(), new Shape(1, 3, mel, 1));
        specStd = manager.create(n.specStd(), new Shape(1, 3, mel, 1));
        int ad = Math.max(spec.acousticDim(), 1);
        acMean = manager.create(spec.acousticDim() == 0 ? new float[1] : n.acMean(), new Shape(1, ad));
        acStd = manager.create(spec.acousticDim() == 0 ? new float[] {1} : n.acStd(), new Shape(1, ad));
    }

    public Calibration calibration() {
        return calibration;
    }

    public void setCalibration(Calibration c) {
        if (c.audioBias().length != spec.classes()) {
            throw new IllegalArgumentException("calibration has " + c.audioBias().length + " biases for " + spec.classes() + " classes");
        }
        this.calibration = c;
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

    /** CNN branch: [features, logits] of spec3d [N,3,mel,frames]. */
    public NDList cnn(NDArray spec3d, boolean training) {
        NDArray z = spec3d.sub(specMean).div(specStd);
        // per-window mean over time subtracted per (channel, band), like cepstral mean normalisation: removes the
        // speaker's and microphone's spectral envelope; measured on nEMO held-out speakers: val UA 0.27 -> 0.42
        NDArray x = z.sub(z.mean(new int[] {3}, true));
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
        x = dense(fc1, x, training);
        x = Dropout.dropout(x, spec.dropout(), training).singletonOrThrow();
        NDArray features = dense(fc2, x, training);
        return new NDList(features, cnnOut.forward(store, new NDList(features), training).singletonOrThrow());
    }

    /** The standardised acoustic vector (missing values arrive as the global mean, so they become 0 here). */
    public NDArray acousticStandardised(NDArray acoustic) {
        return acoustic.sub(acMean).div(acStd);
    }

    /** Functionals branch: logits of a softmax regression on the standardised acoustic vector [N,K]. */
    public NDArray functionals(NDArray acoustic, boolean training) {
        return functionalsOut.forward(store, new NDList(acousticStandardised(acoustic)), training).singletonOrThrow();
    }

    /** Calibrated audio logits (inference); {@code spec3d} or {@code acoustic} may be null when that branch is absent. */
    public NDArray audioLogits(NDArray spec3d, NDArray acoustic) {
        NDArray out = null;
        if (spec.functionals()) {
            out = functionals(acoustic, false).mul(calibration.functionalScale());
        }
        if (spec.cnn()) {
            NDArray c = cnn(spec3d, false).get(1).mul(calibration.cnnScale());
            out = out == null ? c : out.add(c);
        }
        return out.add(out.getManager().create(calibration.audioBias(), new Shape(1, spec.classes())));
    }

    /** Text head logits (uncalibrated) from a sentence embedding. */
    public NDArray text(NDArray textEmb, boolean training) {
        NDArray h = dense(text1, textEmb, training);
        h = Dropout.dropout(h, spec.dropout(), training).singletonOrThrow();
        return text2.forward(store, new NDList(h), training).singletonOrThrow();
    }

    /** Fused logits from the two heads' calibrated log-probabilities [N,C] each. */
    public NDArray fuse(NDArray audioLogProbs, NDArray textLogProbs, boolean training) {
        NDArray in = audioLogProbs.concat(textLogProbs, 1);
        NDArray correction = fusion2.forward(store, new NDList(dense(fusion1, in, training)), training).singletonOrThrow();
        NDArray t = textLogProbs.exp();
        NDArray g = textGate(t);
        // the learned correction only where the words are evidence: without it, it re-mapped the voice's own
        // confusions on the validation speakers (happiness → anger), which cost a corpus it never heard 6 points
        return either(audioLogProbs.exp(), t, g).add(g == null ? correction : correction.mul(g));
    }

    /**
     * The text's weight as evidence [N,1] ({@link Calibration}): how far its surest emotion is into the gate's
     * range, clipped to [0, 1]; null without a gate (or without a neutral label).
     */
    NDArray textGate(NDArray textProbs) {
        if (!calibration.textGated() || !spec.labels().contains("neutral")) {
            return null;
        }
        Calibration c = calibration;
        NDArray mask = textProbs.getManager().create(emotionMask(), new Shape(1, spec.classes()));
        return textProbs.mul(mask).max(new int[] {1}, true).sub(c.textGateFrom())
                .div(c.textGateTo() - c.textGateFrom()).clip(0f, 1f);
    }

    /**
     * log either(p_audio, p_text) (class comment) from the two posteriors [N,C], the text gated first by {@code g}
     * ({@link #textGate}, null: no gate); without a neutral label it is the product of the experts. The exporter writes the same ops: neutral columns by a
     * one-hot product, the non-neutral classes by a mask, a floor of {@link #EITHER_FLOOR} before the log.
     */
    NDArray either(NDArray a, NDArray t, NDArray g) {
        NDManager m = a.getManager();
        NDArray oneHot = m.create(neutralOneHot(), new Shape(spec.classes(), 1));
        NDArray mask = m.create(emotionMask(), new Shape(1, spec.classes()));
        if (g != null) {
            // below the gate the words count as neutral: "no evidence" for either()
            NDArray neutralRow = m.create(neutralOneHot(), new Shape(1, spec.classes()));
            t = t.mul(g).add(neutralRow.mul(g.neg().add(1f)));
        }
        NDArray an = a.matMul(oneHot);
        NDArray tn = t.matMul(oneHot);
        NDArray q = a.mul(t).add(a.mul(tn).add(t.mul(an)).mul(mask));
        return q.maximum(EITHER_FLOOR).log();
    }

    /** Keeps the log finite when both modalities rule a class out; far below any probability that decides a label. */
    static final float EITHER_FLOOR = 1e-12f;

    /** [C] with 1 at neutral (all 0 without a neutral label). */
    float[] neutralOneHot() {
        float[] v = new float[spec.classes()];
        int n = spec.labels().indexOf("neutral");
        if (n >= 0) {
            v[n] = 1f;
        }
        return v;
    }

    /** [C] with 1 at every emotion (every label but neutral); all 0 without a neutral label (product of experts). */
    float[] emotionMask() {
        float[] v = new float[spec.classes()];
        int n = spec.labels().indexOf("neutral");
        if (n >= 0) {
            java.util.Arrays.fill(v, 1f);
            v[n] = 0f;
        }
        return v;
    }

    private NDArray dense(Linear layer, NDArray x, boolean training) {
        return Activation.relu(layer.forward(store, new NDList(x), training).singletonOrThrow());
    }

    /**
     * Inference exactly as the exported graph computes it: [fused_probs, audio_probs, text_probs, audio_features].
     * fused = present·softmax(fusion) + (1-present)·audio, so a window without transcript publishes the audio head.
     */
    public NDList predict(NDArray spec3d, NDArray acoustic, NDArray textEmb, NDArray present) {
        NDArray audioLogits = audioLogits(spec3d, acoustic);
        NDArray audioProbs = audioLogits.softmax(1);
        NDArray textLogits = text(textEmb, false).mul(calibration.textScale());
        NDArray textProbs = textLogits.softmax(1);
        NDArray fusedProbs = fuse(audioLogits.logSoftmax(1), textLogits.logSoftmax(1), false).softmax(1).mul(present)
                .add(audioProbs.mul(present.neg().add(1f)));
        NDArray features = spec.cnn() ? cnn(spec3d, false).get(0) : acousticStandardised(acoustic);
        return new NDList(fusedProbs, audioProbs, textProbs, features);
    }

    public List<Block> cnnBlocks() {
        List<Block> b = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            b.add(convs[i]);
            b.add(bns[i]);
        }
        b.add(fc1);
        b.add(fc2);
        b.add(cnnOut);
        return b;
    }

    public List<Block> functionalsBlocks() {
        return List.of(functionalsOut);
    }

    public List<Block> textBlocks() {
        return List.of(text1, text2);
    }

    public List<Block> fusionBlocks() {
        return List.of(fusion1, fusion2);
    }

    private List<Block> allBlocks() {
        List<Block> b = new ArrayList<>(cnnBlocks());
        b.addAll(functionalsBlocks());
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
