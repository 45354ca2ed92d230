package emostream.train;

import ai.djl.ndarray.NDManager;
import emostream.eval.Evaluation;
import emostream.eval.Predictions;
import emostream.features.SpeakerNorm;
import emostream.eval.Report;
import emostream.model.ModelInput;
import emostream.model.OnnxEmotionModel;
import emostream.model.Prediction;
import emostream.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Scores a shipped ONNX model through the serving path (ONNX Runtime, the same feature extractors and text
 * encoder): audio-only on the held-out speakers of each corpus, text-only on the text test split, fused on
 * label-matched pairs; each over the corpus's own labels and the 4-class view. Optionally cross-corpus:
 * audio-only models trained on one corpus and tested on another over the shared labels.
 */
public final class EvaluationRun {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRun.class);
    private static final int BATCH = 64;

    private EvaluationRun() {
    }

    public static void evaluate(Report report, OnnxEmotionModel model, TrainingRun.Inputs in, Path cacheDir, int hopSamples,
                                long seed, TextEncoder encoder) throws IOException {
        List<String> labels = model.info().labels();
        FeatureCache cache = new FeatureCache(model.info().features(), hopSamples, cacheDir);
        if (cache.acousticDim() != model.acousticDim()) {
            throw new IllegalArgumentException("the model expects " + model.acousticDim() + " acoustic values but its feature.acoustic "
                    + model.info().features().acoustic() + " gives " + cache.acousticDim());
        }
        AudioSet test = new AudioSet();
        for (Example e : in.audioTest()) {
            int y = labels.indexOf(e.label());
            if (y >= 0) {
                cache.load(e, y, test);
            }
        }
        LOG.info("audio test: {} clips, {} windows ({} skipped)", test.clips.size(), test.windows(), cache.skipped());
        SpeakerNorm speakerNorm = model.info().speakerNorm();
        if (speakerNorm != null) {
            runningNormalisation(report, model, test.copy(), speakerNorm, seed);
            test.normalisePerSpeaker(speakerNorm);
        }

        // text: embeddings of the text test split, and label-matched texts for the fused pairs
        List<String> texts = new ArrayList<>();
        in.textTest().forEach(e -> texts.add(e.text() == null ? "" : e.text()));
        float[][] textEmb = in.textTest().isEmpty() ? new float[0][] : TextEmbeddings.embed("text test", texts, encoder, cacheDir);
        List<List<float[]>> textsByLabel = new ArrayList<>();
        labels.forEach(l -> textsByLabel.add(new ArrayList<>()));
        for (int i = 0; i < textEmb.length; i++) {
            int y = labels.indexOf(in.textTest().get(i).label());
            if (y >= 0) {
                textsByLabel.get(y).add(textEmb[i]);
            }
        }

        boolean fourClass = labels.containsAll(Predictions.FOUR_CLASSES); // the literature's view, when the model has it
        float[][] audioClip = clipProbs(model, test, null, false);
        Random r = new Random(seed);
        float[][] pairedText = new float[test.clips.size()][];
        for (int c = 0; c < pairedText.length; c++) {
            List<float[]> pool = textsByLabel.get(test.clipLabels.get(c));
            pairedText[c] = pool.isEmpty() ? null : pool.get(r.nextInt(pool.size()));
        }
        float[][] fusedClip = clipProbs(model, test, pairedText, true);

        for (String corpus : corpora(test)) {
            List<Integer> rows = new ArrayList<>();
            for (int c = 0; c < test.clips.size(); c++) {
                if (test.clips.get(c).corpus().equals(corpus)) {
                    rows.add(c);
                }
            }
            List<String> truth = new ArrayList<>();
            rows.forEach(c -> truth.add(test.clips.get(c).label()));
            List<String> own = labels.stream().filter(truth::contains).toList();
            Predictions audio = new Predictions(labels, truth, select(audioClip, rows));
            Predictions fused = new Predictions(labels, truth, select(fusedClip, rows));
            report.add("audio / " + corpus + " / " + own.size() + " classes", audio.view(own));
            if (fourClass) {
                report.add("audio / " + corpus + " / 4-class", audio.view(Predictions.FOUR_CLASSES));
            }
            report.add("audio / " + corpus + " / all " + labels.size() + " labels", audio.evaluate());
            report.add("fused / " + corpus + " / " + own.size() + " classes", fused.view(own));
            if (fourClass) {
                report.add("fused / " + corpus + " / 4-class", fused.view(Predictions.FOUR_CLASSES));
            }
        }
        if (textEmb.length > 0) {
            float[][] tp = textProbs(model, textEmb);
            List<String> truth = new ArrayList<>();
            in.textTest().forEach(e -> truth.add(e.label()));
            List<String> own = labels.stream().filter(truth::contains).toList();
            String corpus = in.textTest().get(0).corpus();
            Predictions text = new Predictions(labels, truth, tp);
            report.add("text / " + corpus + " test / " + own.size() + " classes", text.view(own));
            if (fourClass) {
                report.add("text / " + corpus + " test / 4-class", text.view(Predictions.FOUR_CLASSES));
            }
        }
        report.note("audio test speakers", speakers(in.audioTest()));
        report.note("speaker normalisation", speakerNorm == null ? "none (global statistics only)"
                : "each test speaker's windows normalised with that speaker's own statistics over all of its test clips"
                + " (unlabelled audio, transductive; prior " + speakerNorm.priorWindows() + " windows); at serving time"
                + " each stream's running statistics do this");
        report.note("audio scoring", "clip level: mean of the clip's window probabilities (2-s windows, hop "
                + hopSamples / (double) model.info().features().sampleRate() + " s); a view's argmax runs over its labels only");
        report.note("fused pairs", "each test clip paired with a random " + (in.textTest().isEmpty() ? "-" : in.textTest().get(0).corpus())
                + " test utterance of the same label (seed " + seed + "); the bundled data has no real audio+text pairs,"
                + " so fused scores show how the layer combines two label-consistent signals, not real-world multimodal accuracy");
    }

    /** Window counts (serving hop) where the running-statistics report's buckets end. */
    static final int[] RUNNING_BUCKETS = {10, 40};

    /**
     * Serving-time speaker normalisation, simulated: each test speaker's clips in a seeded random order form one
     * stream; every window is added to the stream's running {@link emostream.features.SpeakerStats} and then
     * normalised with them, exactly as {@code StreamSession} does. Scores clips by how many windows the stream had
     * seen before the clip began, so the report shows how quickly the running estimate reaches the batch one.
     */
    static void runningNormalisation(Report report, OnnxEmotionModel model, AudioSet raw, SpeakerNorm norm, long seed) {
        Map<String, List<Integer>> clipsBySpeaker = new LinkedHashMap<>();
        for (int c = 0; c < raw.clips.size(); c++) {
            clipsBySpeaker.computeIfAbsent(raw.clips.get(c).globalSpeaker(), k -> new ArrayList<>()).add(c);
        }
        List<List<Integer>> windowsOf = new ArrayList<>();
        raw.clips.forEach(c -> windowsOf.add(new ArrayList<>()));
        for (int w = 0; w < raw.windows(); w++) {
            windowsOf.get(raw.clipOf.get(w)).add(w);
        }
        int[] seenBefore = new int[raw.clips.size()];
        Random r = new Random(seed);
        for (List<Integer> clips : clipsBySpeaker.values()) {
            java.util.Collections.shuffle(clips, r);
            emostream.features.SpeakerStats stats = norm.newStats();
            int seen = 0;
            for (int c : clips) {
                seenBefore[c] = seen;
                for (int w : windowsOf.get(c)) {
                    stats.add(raw.spec.get(w), raw.acoustic.get(w));
                    raw.spec.set(w, stats.normaliseSpec(raw.spec.get(w)));
                    raw.acoustic.set(w, stats.normaliseAcoustic(raw.acoustic.get(w)));
                    seen++;
                }
            }
        }
        float[][] probs = clipProbs(model, raw, null, false);
        List<String> labels = model.info().labels();
        for (String corpus : corpora(raw)) {
            for (int b = 0; b <= RUNNING_BUCKETS.length; b++) {
                int lo = b == 0 ? 0 : RUNNING_BUCKETS[b - 1];
                int hi = b == RUNNING_BUCKETS.length ? Integer.MAX_VALUE : RUNNING_BUCKETS[b];
                List<Integer> rows = new ArrayList<>();
                for (int c = 0; c < raw.clips.size(); c++) {
                    if (raw.clips.get(c).corpus().equals(corpus) && seenBefore[c] >= lo && seenBefore[c] < hi) {
                        rows.add(c);
                    }
                }
                List<String> truth = new ArrayList<>();
                rows.forEach(c -> truth.add(raw.clips.get(c).label()));
                List<String> own = labels.stream().filter(truth::contains).toList();
                if (own.size() < 2) {
                    continue;
                }
                String range = hi == Integer.MAX_VALUE ? lo + "+ windows" : lo + "–" + (hi - 1) + " windows";
                report.add("audio, running speaker stats / " + corpus + " / after " + range,
                        new Predictions(labels, truth, select(probs, rows)).view(own));
            }
        }
        report.note("running speaker stats", "serving-time simulation: each test speaker's clips in a random order (seed "
                + seed + ") as one stream, every window normalised with the stream's running statistics so far (prior "
                + norm.priorWindows() + " windows); sections split clips by how many windows the stream had seen before"
                + " them (one window per hop of continuous speech)");
    }

    /**
     * Speaker k-fold of one corpus: per fold an audio-only model with the run's settings is trained on the fold's
     * training speakers (early stopping on its validation speakers), exported to ONNX and scored through ONNX Runtime
     * on the fold's test speakers, over the corpus's own labels. The report gets every fold, mean ± sd and the pool.
     */
    public static void folds(Report report, String corpus, List<TrainingRun.Inputs> folds, TrainingRun.Options opt)
            throws IOException {
        List<Evaluation> perFold = new ArrayList<>();
        List<String> own = null;
        for (int i = 0; i < folds.size(); i++) {
            TrainingRun.Inputs in = folds.get(i);
            LOG.info("{} fold {}/{}: test speakers {}", corpus, i + 1, folds.size(), speakers(in.audioTest()));
            byte[] onnx;
            try (NDManager m = NDManager.newBaseManager()) {
                TrainingRun.Outcome out = TrainingRun.run(in, opt, m);
                try (EmotionNet net = out.net()) {
                    onnx = OnnxExporter.toBytes(net, Map.of("name", corpus + "-fold-" + (i + 1)));
                }
            }
            try (OnnxEmotionModel model = OnnxEmotionModel.fromBytes(onnx, 0, corpus + " fold model")) {
                List<String> labels = model.info().labels();
                if (own == null) {
                    Set<String> present = new LinkedHashSet<>();
                    folds.forEach(f -> f.audioTest().forEach(e -> present.add(e.label())));
                    own = labels.stream().filter(present::contains).toList();
                }
                AudioSet set = scoredSet(model, in.audioTest(), opt);
                List<String> truth = new ArrayList<>();
                set.clips.forEach(c -> truth.add(c.label()));
                perFold.add(new Predictions(labels, truth, clipProbs(model, set, null, false)).view(own));
                LOG.info("{} fold {}/{}: {}", corpus, i + 1, folds.size(), perFold.get(i));
            }
        }
        report.addFolds("audio k-fold / " + corpus + " / " + own.size() + " classes, " + folds.size() + " folds", perFold);
        StringBuilder desc = new StringBuilder();
        for (TrainingRun.Inputs f : folds) {
            desc.append(desc.length() == 0 ? "" : "; ").append(speakers(f.audioTest()))
                    .append(" (validation ").append(speakers(f.audioVal())).append(')');
        }
        report.note("k-fold " + corpus, "audio-only models trained per fold with the training settings; test speakers per fold: " + desc);
    }

    /** A set's features from the cache, speaker-normalised as the model declares (per speaker, all its windows). */
    private static AudioSet scoredSet(OnnxEmotionModel model, List<Example> items, TrainingRun.Options opt) {
        FeatureCache cache = new FeatureCache(model.info().features(), opt.hopSamples(), opt.cacheDir());
        AudioSet set = new AudioSet();
        List<String> labels = model.info().labels();
        for (Example e : items) {
            int y = labels.indexOf(e.label());
            if (y >= 0) {
                cache.load(e, y, set);
            }
        }
        SpeakerNorm speakerNorm = model.info().speakerNorm();
        if (speakerNorm != null) {
            set.normalisePerSpeaker(speakerNorm);
        }
        return set;
    }

    /** Cross-corpus: train an audio-only model on {@code from}'s training speakers, test on every clip of {@code to}. */
    public static void crossCorpus(Report report, String from, String to, TrainingRun.Inputs all, TrainingRun.Options opt)
            throws IOException {
        List<Example> train = only(all.audioTrain(), from);
        List<Example> val = only(all.audioVal(), from);
        List<Example> target = new ArrayList<>();
        for (List<Example> part : List.of(all.audioTrain(), all.audioVal(), all.audioTest())) {
            target.addAll(only(part, to));
        }
        TrainingRun.Inputs in = new TrainingRun.Inputs(train, val, List.of(), List.of(), List.of(), List.of());
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingRun.Outcome out = TrainingRun.run(in, opt, m);
            byte[] onnx;
            try (EmotionNet net = out.net()) {
                onnx = OnnxExporter.toBytes(net, Map.of("name", "cross-" + from));
            }
            try (OnnxEmotionModel model = OnnxEmotionModel.fromBytes(onnx, 0, "cross-corpus model")) {
                AudioSet set = scoredSet(model, target, opt);
                List<String> labels = model.info().labels();
                List<String> truth = new ArrayList<>();
                set.clips.forEach(c -> truth.add(c.label()));
                Set<String> trained = new LinkedHashSet<>();
                train.forEach(e -> trained.add(e.label()));
                List<String> shared = labels.stream().filter(l -> trained.contains(l) && truth.contains(l)).toList();
                Predictions p = new Predictions(labels, truth, clipProbs(model, set, null, false));
                report.add("cross-corpus / " + from + " → " + to + " / " + shared.size() + " shared classes", p.view(shared));
                report.note("cross-corpus " + from + " → " + to, "audio-only, trained on " + speakers(train) + " (validation "
                        + speakers(val) + "), tested on all " + set.clips.size() + " " + to + " clips over " + shared);
            }
        }
    }

    private static List<Example> only(List<Example> items, String corpus) {
        return items.stream().filter(e -> e.corpus().equals(corpus)).toList();
    }

    /** Per clip: mean over its windows of the fused (with text) or audio probabilities. */
    static float[][] clipProbs(OnnxEmotionModel model, AudioSet set, float[][] clipText, boolean fused) {
        int c = model.info().labels().size();
        float[][] out = new float[set.clips.size()][c];
        int[] count = new int[set.clips.size()];
        for (int from = 0; from < set.windows(); from += BATCH) {
            List<ModelInput> batch = new ArrayList<>();
            int to = Math.min(set.windows(), from + BATCH);
            for (int w = from; w < to; w++) {
                int clip = set.clipOf.get(w);
                batch.add(new ModelInput(set.spec.get(w), set.acoustic.get(w), clipText == null ? null : clipText[clip]));
            }
            List<Prediction> preds = model.predict(batch);
            for (int w = from; w < to; w++) {
                int clip = set.clipOf.get(w);
                float[] p = fused ? preds.get(w - from).fused() : preds.get(w - from).audio();
                count[clip]++;
                for (int k = 0; k < c; k++) {
                    out[clip][k] += p[k];
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            for (int k = 0; k < c; k++) {
                out[i][k] /= Math.max(count[i], 1);
            }
        }
        return out;
    }

    private static float[][] textProbs(OnnxEmotionModel model, float[][] emb) {
        float[] silence = new float[model.info().features().spec3dLength()];
        float[] noAcoustic = new float[model.acousticDim()];
        float[][] out = new float[emb.length][];
        for (int from = 0; from < emb.length; from += BATCH) {
            List<ModelInput> batch = new ArrayList<>();
            for (int i = from; i < Math.min(emb.length, from + BATCH); i++) {
                batch.add(new ModelInput(silence, noAcoustic, emb[i]));
            }
            List<Prediction> preds = model.predict(batch);
            for (int i = 0; i < preds.size(); i++) {
                out[from + i] = preds.get(i).text();
            }
        }
        return out;
    }

    private static float[][] select(float[][] rows, List<Integer> idx) {
        float[][] out = new float[idx.size()][];
        for (int i = 0; i < idx.size(); i++) {
            out[i] = rows[idx.get(i)];
        }
        return out;
    }

    private static Set<String> corpora(AudioSet set) {
        Set<String> out = new LinkedHashSet<>();
        set.clips.forEach(c -> out.add(c.corpus()));
        return out;
    }

    private static String speakers(List<Example> items) {
        Set<String> s = new java.util.TreeSet<>();
        items.forEach(e -> s.add(e.globalSpeaker()));
        return String.join(", ", s);
    }

    /** Metadata-derived notes for the report header. */
    public static Map<String, String> modelNotes(OnnxEmotionModel model, Path file) {
        Map<String, String> n = new LinkedHashMap<>();
        // relative to the application home when inside it: committed reports must not carry a machine's paths
        Path home = emostream.config.Config.home();
        Path abs = file.toAbsolutePath().normalize();
        n.put("model", (abs.startsWith(home) ? home.relativize(abs) : abs) + " (" + model.info().name() + ")");
        n.put("labels", String.join(", ", model.info().labels()));
        n.put("features", model.info().features().melBands() + " mel x " + model.info().features().frames() + " frames"
                + (model.info().features().acoustic().isEmpty() ? "" : " + acoustic " + model.info().features().acoustic()));
        return n;
    }
}
