package emostream.train;

import ai.djl.ndarray.NDManager;
import emostream.eval.Predictions;
import emostream.eval.Reliability;
import emostream.eval.Report;
import emostream.features.FeatureConfig;
import emostream.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text head alone, trained and scored without any audio (for {@code evaluate --text-head}): the head the full
 * run trains (same recipe: frozen encoder, class-weighted loss, early stopping on dev macro F1, temperature on dev),
 * scored on every text corpus's test split through the training path. Minutes instead of the full run's half hour,
 * so head recipes can be compared; the shipped model's own text scores come from {@code evaluate} through ONNX.
 */
public final class TextHeadRun {

    private static final Logger LOG = LoggerFactory.getLogger(TextHeadRun.class);

    private TextHeadRun() {
    }

    /**
     * @param power class-weight exponent (1 = classes weigh alike, 0 = unweighted; see {@link TextStage#classWeights})
     */
    public static void run(Report report, TrainingRun.Options opt, TextCorpora.Parts parts, TextEncoder encoder,
                           double power) throws IOException {
        long t0 = System.nanoTime();
        List<String> labels = opt.labels();
        int classes = labels.size();
        float[][] train = TextEmbeddings.embed("text train", TrainingRun.texts(parts.train()), encoder, opt.cacheDir());
        float[][] dev = TextEmbeddings.embed("text dev", TrainingRun.texts(parts.dev()), encoder, opt.cacheDir());
        double embedSeconds = (System.nanoTime() - t0) / 1e9;
        int[] yTrain = TrainingRun.labelIndex(parts.train(), labels);
        int[] yDev = TrainingRun.labelIndex(parts.dev(), labels);
        boolean[] allowed = TrainingRun.labelMask(labels, parts.train());
        float[] weights = power > 0 ? TextStage.classWeights(yTrain, classes, power) : null;
        try (NDManager manager = NDManager.newBaseManager();
             EmotionNet net = new EmotionNet(textOnlySpec(opt), Normalization.identity(opt.features().melBands(), 1), manager)) {
            TextStage text = new TextStage(net);
            Fitter.Result r = text.train(train, yTrain, dev, yDev, allowed, opt.text(), weights);
            float[][] devLogits = text.logits(dev);
            float scale = CalibrationFit.scale(devLogits, yDev, classes);
            report.note("text head", String.format(Locale.ROOT, "encoder %s (held fixed while the head trains), MLP %d hidden, dropout %.2f; %d train /"
                            + " %d dev texts; class weights %s (power %.2f); best epoch %d of %d (dev macro F1 %.3f);"
                            + " temperature %.3f (dev); embedding %.0f s (0 when cached), head %.0f s",
                    encoder.id(), opt.textHidden(), opt.dropout(), train.length, dev.length,
                    weights == null ? "none" : Arrays.toString(round(weights)), power, r.bestEpoch(), r.epochsRun(),
                    r.bestScore(), 1 / scale, embedSeconds, r.seconds()));
            report.add("text head / dev (all corpora)", Predictions.ofIndices(labels, yDev, probs(devLogits, scale)).evaluate());
            for (Map.Entry<String, List<Example>> e : parts.tests().entrySet()) {
                float[][] emb = TextEmbeddings.embed("text test " + e.getKey(), TrainingRun.texts(e.getValue()), encoder,
                        opt.cacheDir());
                Predictions p = Predictions.ofIndices(labels, TrainingRun.labelIndex(e.getValue(), labels),
                        probs(text.logits(emb), scale));
                EvaluationRun.addViews(report, "text head / " + e.getKey() + " test", p);
                report.addReliability("text head / " + e.getKey() + " test", Reliability.of(p));
                LOG.info("text head {} test: {}", e.getKey(), p.evaluate());
            }
        }
        report.note("text head minutes", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 6e10));
    }

    /** A net whose audio part is never trained or used: only its text head is. */
    static NetSpec textOnlySpec(TrainingRun.Options opt) {
        FeatureConfig f = opt.features();
        return new NetSpec(opt.labels(), f, Math.max(1, f.acoustic().size()), emostream.text.MiniLmEncoder.DIMENSION,
                true, opt.conv(), opt.fc(), false, opt.textHidden(), opt.fusionHidden(), opt.dropout());
    }

    static float[][] probs(float[][] logits, float scale) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            float[] z = logits[i].clone();
            for (int k = 0; k < z.length; k++) {
                z[k] *= scale;
            }
            out[i] = AudioBranches.softmax(z);
        }
        return out;
    }

    private static float[] round(float[] w) {
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = Math.round(w[i] * 100) / 100f;
        }
        return out;
    }
}
