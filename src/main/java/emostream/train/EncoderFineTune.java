package emostream.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import emostream.text.MiniLmEncoder;
import emostream.text.MiniLmWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Fine-tunes the top layers of all-MiniLM-L6-v2 with a classification head, for emotion. The frozen lower layers
 * run once per text in ONNX Runtime (the original graph with that layer's output added as an output) and their
 * token states are cached; each step then runs only the trained layers forward and backward in DJL
 * ({@link MiniLmBert}). The whole encoder does not fit this machine's budget: on two shared cores one epoch of
 * all six layers over the training texts would take about an hour. Pooling and normalisation are the serving
 * encoder's (mean over tokens, L2), so the fine-tuned layers drop into the same runtime contract (text_emb[N,384]).
 */
public final class EncoderFineTune {

    private static final Logger LOG = LoggerFactory.getLogger(EncoderFineTune.class);
    /** Longer texts are cut (keeping [SEP]): transcripts of a window are far shorter; bounds the step cost. */
    static final int MAX_TOKENS = 64;
    /** The pooled embedding has norm 1; the head reads it scaled so its logits need no huge weights. */
    static final float POOL_SCALE = 10f;

    /**
     * @param fromLayer   first fine-tuned layer (1..5; 3 = the top three, the measured recipe)
     * @param maxPerCorpus training texts per corpus at most (seeded draw), to fit the time budget
     */
    public record Settings(int fromLayer, int epochs, int batch, float encoderRate, float headRate, int maxPerCorpus,
                           int maxDev, double classPower, long seed) {
        public static Settings defaults() {
            return new Settings(3, 2, 32, 5e-5f, 2e-3f, 9_000, 3000, TextStage.CLASS_WEIGHT_POWER, 42);
        }
    }

    /** The fine-tuned layers (HuggingFace names), the epoch kept and its dev macro F1, and what it cost. */
    public record Result(Map<String, MiniLmWeights.Tensor> layers, int bestEpoch, double devMacroF1, int trainTexts,
                         double cacheSeconds, double trainSeconds) { }

    private record Item(long[] ids, float[] states, int label) { }

    private EncoderFineTune() {
    }

    public static Result run(List<Example> train, List<Example> dev, List<String> labels, Settings s) throws OrtException {
        Random r = new Random(s.seed());
        List<Example> tr = capPerCorpus(train, s.maxPerCorpus(), r);
        List<Example> dv = capPerCorpus(dev, s.maxDev(), r);
        byte[] original = MiniLmWeights.originalModel(null);
        long t0 = System.nanoTime();
        List<Item> trainItems;
        List<Item> devItems;
        try (MiniLmEncoder enc = new MiniLmEncoder(1)) {
            trainItems = lowerStates(enc, original, tr, labels, s.fromLayer());
            devItems = lowerStates(enc, original, dv, labels, s.fromLayer());
        }
        double cacheSeconds = (System.nanoTime() - t0) / 1e9;
        LOG.info(String.format(Locale.ROOT, "fine-tune: layer %d states of %d train / %d dev texts cached in %.0f s",
                s.fromLayer() - 1, trainItems.size(), devItems.size(), cacheSeconds));
        int classes = labels.size();
        int[] y = trainItems.stream().mapToInt(Item::label).toArray();
        float[] classWeights = TextStage.classWeights(y, classes, s.classPower());
        Engine.getInstance().setRandomSeed((int) s.seed());
        long t1 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager();
             MiniLmBert bert = new MiniLmBert(m, MiniLmWeights.read(original))) {
            List<NDArray> enc = bert.trainable(s.fromLayer());
            List<String> encNames = bert.names(s.fromLayer());
            NDArray headW = m.randomNormal(0f, 0.02f, new Shape(MiniLmWeights.HIDDEN, classes), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray headB = m.zeros(new Shape(classes));
            headW.setRequiresGradient(true);
            headB.setRequiresGradient(true);
            int stepsPerEpoch = (trainItems.size() + s.batch() - 1) / s.batch();
            int steps = s.epochs() * stepsPerEpoch;
            // linear warm-up then linear decay for the encoder, the usual BERT fine-tuning schedule
            Optimizer encOpt = Optimizer.adamW().optLearningRateTracker(Tracker.warmUp()
                            .setMainTracker(Tracker.cosine().setBaseValue(s.encoderRate()).optFinalValue(0f).setMaxUpdates(steps).build())
                            .optWarmUpSteps(Math.max(1, steps / 10)).optWarmUpBeginValue(0f).build())
                    .optWeightDecays(0.01f).optClipGrad(1f).build();
            Optimizer headOpt = Optimizer.adam().optLearningRateTracker(Tracker.fixed(s.headRate())).optClipGrad(1f).build();
            double best = -1;
            int bestEpoch = 0;
            Map<String, MiniLmWeights.Tensor> bestLayers = bert.weights(s.fromLayer());
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                List<int[]> batches = batches(trainItems, s.batch(), r);
                Progress bar = new Progress("fine-tune " + epoch, batches.size());
                double lossSum = 0;
                int skipped = 0;
                for (int b = 0; b < batches.size(); b++) {
                    int[] idx = batches.get(b);
                    try (NDManager bm = m.newSubManager()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray logits = forward(bm, bert, trainItems, idx, s.fromLayer(), headW, headB);
                            int[] labelsOf = new int[idx.length];
                            for (int i = 0; i < idx.length; i++) {
                                labelsOf[i] = trainItems.get(idx[i]).label();
                            }
                            NDArray loss = Fitter.crossEntropy(logits, labelsOf, classWeights, bm);
                            float lv = loss.getFloat();
                            if (!Float.isFinite(lv)) {
                                // never seen since the states are cast right; kept as a guard: a bad batch is skipped, not learned
                                skipped++;
                                LOG.warn("fine-tune: batch {} loss {} (lengths {}..{}); skipped", b, lv,
                                        trainItems.get(idx[0]).ids().length, trainItems.get(idx[idx.length - 1]).ids().length);
                                continue;
                            }
                            gc.backward(loss);
                            lossSum += lv;
                        }
                        if (!finiteGradients(enc, headW, headB)) {
                            skipped++;
                            LOG.warn("fine-tune: batch {} has non-finite gradients; skipped", b);
                            for (NDArray p : enc) {
                                clear(p);
                            }
                            clear(headW);
                            clear(headB);
                            continue;
                        }
                        for (int p = 0; p < enc.size(); p++) {
                            step(encOpt, encNames.get(p), enc.get(p));
                        }
                        step(headOpt, "head.weight", headW);
                        step(headOpt, "head.bias", headB);
                    }
                    bar.step(b + 1, String.format(Locale.ROOT, "loss %.3f", lossSum / (b + 1)));
                    if ((b + 1) % 100 == 0) {
                        LOG.info(String.format(Locale.ROOT, "fine-tune epoch %d: %d/%d batches, loss %.4f, %.0f s", epoch, b + 1,
                                batches.size(), lossSum / (b + 1 - skipped), (System.nanoTime() - t1) / 1e9));
                    }
                }
                Scores dvScores = score(m, bert, devItems, s.fromLayer(), headW, headB, classes);
                double f1 = dvScores.evaluation().macroF1();
                boolean improved = f1 > best;
                if (improved) {
                    best = f1;
                    bestEpoch = epoch;
                    bestLayers = bert.weights(s.fromLayer());
                }
                LOG.info(String.format(Locale.ROOT, "fine-tune epoch %d/%d  loss %.4f  dev %s macro F1 %.3f%s  %.0f s", epoch,
                        s.epochs(), lossSum / batches.size(), dvScores, f1, improved ? "  *best*" : "",
                        (System.nanoTime() - t1) / 1e9));
            }
            return new Result(bestLayers, bestEpoch, best, trainItems.size(), cacheSeconds, (System.nanoTime() - t1) / 1e9);
        }
    }

    /** Zeroes a gradient that may hold NaN (g - g and 0 * g would keep it). */
    private static void clear(NDArray p) {
        NDArray g = p.getGradient();
        g.set(java.nio.FloatBuffer.wrap(new float[(int) g.size()]));
        g.close();
    }

    private static boolean finiteGradients(List<NDArray> enc, NDArray headW, NDArray headB) {
        double sum = gradientSum(headW) + gradientSum(headB);
        for (NDArray p : enc) {
            sum += gradientSum(p);
        }
        return Double.isFinite(sum);
    }

    /** Σ|grad|; every temporary closed at once: they live in the parameters' manager, not the batch's. */
    private static double gradientSum(NDArray p) {
        NDArray g = p.getGradient();
        NDArray a = g.abs();
        NDArray s = a.sum();
        double v = s.getFloat();
        s.close();
        a.close();
        g.close();
        return v;
    }

    private static void step(Optimizer opt, String id, NDArray w) {
        NDArray g = w.getGradient();
        opt.update(id, w, g);
        g.subi(g);
        g.close();
    }

    private static NDArray forward(NDManager bm, MiniLmBert bert, List<Item> items, int[] idx, int from,
                                   NDArray headW, NDArray headB) {
        int len = 0;
        long[][] ids = new long[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            ids[i] = items.get(idx[i]).ids();
            len = Math.max(len, ids[i].length);
        }
        int h = MiniLmWeights.HIDDEN;
        float[] x = new float[idx.length * len * h];
        for (int i = 0; i < idx.length; i++) {
            float[] st = items.get(idx[i]).states();
            System.arraycopy(st, 0, x, i * len * h, st.length);
        }
        NDArray hidden = bert.layers(bm.create(x, new Shape(idx.length, len, h)), MiniLmBert.maskAdd(bm, ids, len), from,
                MiniLmWeights.LAYERS);
        NDArray pooled = MiniLmBert.meanPool(bm, hidden, ids, len).mul(POOL_SCALE);
        return pooled.matMul(headW).add(headB);
    }

    private static Scores score(NDManager m, MiniLmBert bert, List<Item> items, int from, NDArray headW, NDArray headB,
                                int classes) {
        Integer[] order = new Integer[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> items.get(i).ids().length));
        int[] truth = new int[items.size()];
        int[] pred = new int[items.size()];
        for (int from0 = 0; from0 < order.length; from0 += 64) {
            int[] idx = new int[Math.min(64, order.length - from0)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = order[from0 + i];
            }
            try (NDManager bm = m.newSubManager()) {
                float[] z = forward(bm, bert, items, idx, from, headW, headB).toFloatArray();
                for (int i = 0; i < idx.length; i++) {
                    truth[idx[i]] = items.get(idx[i]).label();
                    pred[idx[i]] = Scores.argmax(Arrays.copyOfRange(z, i * classes, (i + 1) * classes), null);
                }
            }
        }
        return Scores.of(truth, pred, classes);
    }

    /** Shuffled batches of similar length (less padding): shuffle, sort chunks of 50 batches by length, cut. */
    private static List<int[]> batches(List<Item> items, int batch, Random r) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, r);
        List<int[]> out = new ArrayList<>();
        int chunk = batch * 50;
        for (int c = 0; c < order.size(); c += chunk) {
            List<Integer> part = new ArrayList<>(order.subList(c, Math.min(order.size(), c + chunk)));
            part.sort(Comparator.comparingInt(i -> items.get(i).ids().length));
            for (int b = 0; b < part.size(); b += batch) {
                out.add(part.subList(b, Math.min(part.size(), b + batch)).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        java.util.Collections.shuffle(out, r);
        return out;
    }

    /** Token states after layer {@code from - 1} from ONNX Runtime (the original graph with that output added). */
    private static List<Item> lowerStates(MiniLmEncoder enc, byte[] original, List<Example> items, List<String> labels,
                                          int from) throws OrtException {
        List<long[]> ids = enc.tokenIds(TrainingRun.texts(items));
        for (int i = 0; i < ids.size(); i++) {
            long[] t = ids.get(i);
            if (t.length > MAX_TOKENS) {
                long[] cut = Arrays.copyOf(t, MAX_TOKENS);
                cut[MAX_TOKENS - 1] = t[t.length - 1];
                ids.set(i, cut);
            }
        }
        String out = from == 0 ? null : MiniLmWeights.layerOutput(from - 1);
        if (out == null) {
            throw new IllegalArgumentException("fine-tuning from layer 0 needs no cache; use fromLayer >= 1");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
        Item[] result = new Item[items.size()];
        Integer[] order = new Integer[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> ids.get(i).length));
        Progress bar = new Progress("cache layer " + (from - 1), order.length);
        try (OrtSession s = env.createSession(MiniLmWeights.withOutput(original, out), opts)) {
            for (int c = 0; c < order.length; c += 64) {
                int n = Math.min(64, order.length - c);
                int len = ids.get(order[c + n - 1]).length;
                long[] flat = new long[n * len];
                long[] mask = new long[n * len];
                for (int i = 0; i < n; i++) {
                    long[] t = ids.get(order[c + i]);
                    System.arraycopy(t, 0, flat, i * len, t.length);
                    Arrays.fill(mask, i * len, i * len + t.length, 1L);
                }
                long[] shape = {n, len};
                try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(flat), shape);
                     OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                     OnnxTensor ty = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * len]), shape);
                     OrtSession.Result res = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", ty),
                             java.util.Set.of(out))) {
                    float[][][] st = (float[][][]) res.get(0).getValue();
                    for (int i = 0; i < n; i++) {
                        int k = order[c + i];
                        long[] t = ids.get(k);
                        float[] flatState = new float[t.length * MiniLmWeights.HIDDEN];
                        for (int p = 0; p < t.length; p++) {
                            System.arraycopy(st[i][p], 0, flatState, p * MiniLmWeights.HIDDEN, MiniLmWeights.HIDDEN);
                        }
                        for (float v : flatState) {
                            if (!Float.isFinite(v)) {
                                throw new IllegalStateException("non-finite layer state for \"" + items.get(k).text() + "\"");
                            }
                        }
                        result[k] = new Item(t, flatState, labels.indexOf(items.get(k).label()));
                    }
                }
                bar.step(c + n, "");
            }
        }
        return List.of(result);
    }

    private static List<Example> capPerCorpus(List<Example> items, int max, Random r) {
        Map<String, List<Example>> by = new LinkedHashMap<>();
        items.forEach(e -> by.computeIfAbsent(e.corpus(), k -> new ArrayList<>()).add(e));
        List<Example> out = new ArrayList<>();
        for (List<Example> part : by.values()) {
            List<Example> p = new ArrayList<>(part);
            if (p.size() > max) {
                java.util.Collections.shuffle(p, r);
                p = p.subList(0, max);
            }
            out.addAll(p);
        }
        return out;
    }
}
