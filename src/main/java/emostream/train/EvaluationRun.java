package emostream.train;

import ai.djl.ndarray.NDManager;
import emostream.eval.Evaluation;
import emostream.eval.Predictions;
import emostream.eval.Reliability;
import emostream.eval.Report;
import emostream.model.OnnxEmotionModel;
import emostream.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Every evaluation {@code evaluate} runs, always through an exported ONNX model and the serving features
 * ({@link ModelScoring}), never a training-only path:
 * <ul>
 *   <li>{@link #heldOut}: a model on the configured test speakers (if any) and the text corpus's test split;</li>
 *   <li>{@link #data}: a model on a labelled set a user brings, nothing trained;</li>
 *   <li>{@link #leaveOneCorpusOut}: per audio corpus, a model trained on all the others, scored on it — the
 *       headline: closest to a user's first minute with the product;</li>
 *   <li>{@link #folds}: speaker-independent folds within one corpus (corpus-only models, its own labels).</li>
 * </ul>
 * Each audio score comes in two states of the speaker statistics (cold: each clip alone; warm: each speaker's
 * clips together) and in three views: the user's (argmax over every label the model has, scored on the clips'
 * classes), the corpus's own classes, and the 4-class view (neutral, happiness, sadness, anger).
 */
public final class EvaluationRun {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRun.class);
    static final List<String> VARIANTS = List.of("functionals", "cnn", "both");

    private EvaluationRun() {
    }

    /** The views of one set of clip predictions, as report sections under {@code prefix}. */
    static void addViews(Report report, String prefix, Predictions p) {
        report.add(prefix + " / user view (argmax over all " + p.labels().size() + " labels)", p.view(p.labels()));
        List<String> own = ownClasses(p);
        if (own.size() != p.labels().size()) {
            report.add(prefix + " / " + own.size() + " own classes", p.view(own));
        }
        if (p.labels().containsAll(Predictions.FOUR_CLASSES) && own.containsAll(Predictions.FOUR_CLASSES)) {
            report.add(prefix + " / 4-class", p.view(Predictions.FOUR_CLASSES));
        }
    }

    /** The model labels the clips actually have, in model order. */
    static List<String> ownClasses(Predictions p) {
        return p.labels().stream().filter(p.truth()::contains).toList();
    }

    /** The audio scores of one model on some clips, cold and warm: sections plus calibration. */
    static Map<ModelScoring.State, Predictions> scoreAudio(Report report, String prefix, OnnxEmotionModel model,
                                                           List<Example> items, TrainingRun.Options opt) {
        return scoreAudio(report, prefix, model, items, opt, null);
    }

    /** As above, the clips through {@code degradation} (null: clean). */
    static Map<ModelScoring.State, Predictions> scoreAudio(Report report, String prefix, OnnxEmotionModel model,
                                                           List<Example> items, TrainingRun.Options opt,
                                                           emostream.audio.noise.Degradation degradation) {
        AudioSet raw = ModelScoring.windows(model, items, opt.cacheDir(), opt.hopSamples(), opt.vad(), degradation);
        Map<ModelScoring.State, Predictions> out = new LinkedHashMap<>();
        for (ModelScoring.State state : ModelScoring.State.values()) {
            Predictions p = ModelScoring.audio(model, ModelScoring.normalised(model, raw, state));
            String name = prefix + " / " + state.name().toLowerCase(Locale.ROOT);
            addViews(report, name, p);
            report.addReliability("audio " + name, Reliability.of(p));
            out.put(state, p);
        }
        return out;
    }

    /** A model on the configured held-out test speakers and the text test split. */
    public static void heldOut(Report report, OnnxEmotionModel model, TrainingRun.Inputs in, TrainingRun.Options opt,
                               TextEncoder encoder) throws IOException {
        if (!in.audioTest().isEmpty()) {
            Map<String, List<Example>> byCorpus = byCorpus(in.audioTest());
            for (Map.Entry<String, List<Example>> e : byCorpus.entrySet()) {
                scoreAudio(report, "audio / " + e.getKey() + " test speakers", model, e.getValue(), opt);
                if (!in.textTest().isEmpty()) {
                    fusedPairs(report, null, e.getKey() + " test speakers", model, e.getValue(), in, opt, encoder);
                }
            }
            report.note("audio test speakers", TrainingRun.speakers(in.audioTest()));
        } else {
            report.note("audio test speakers", "none configured (train.test.speakers): see --loco, --folds and --data");
        }
        if (!in.textTest().isEmpty()) {
            float[][] emb = TextEmbeddings.embed("text test", TrainingRun.texts(in.textTest()), encoder, opt.cacheDir());
            List<String> truth = new ArrayList<>();
            in.textTest().forEach(e -> truth.add(e.label()));
            Predictions p = new Predictions(model.info().labels(), truth, ModelScoring.text(model, emb));
            String corpus = in.textTest().get(0).corpus();
            addViews(report, "text / " + corpus + " test", p);
            report.addReliability("text / " + corpus + " test", Reliability.of(p));
        }
        notes(report, opt);
    }

    /** A model's text head on the test splits of the text corpora after the first (which {@link #heldOut} scores). */
    public static void otherTextTests(Report report, OnnxEmotionModel model, TextCorpora.Parts parts,
                                      TrainingRun.Options opt, TextEncoder encoder) throws IOException {
        boolean first = true;
        for (Map.Entry<String, List<Example>> e : parts.tests().entrySet()) {
            if (first) {
                first = false;
                continue;
            }
            float[][] emb = TextEmbeddings.embed("text test " + e.getKey(), TrainingRun.texts(e.getValue()), encoder,
                    opt.cacheDir());
            List<String> truth = new ArrayList<>();
            e.getValue().forEach(x -> truth.add(x.label()));
            Predictions p = new Predictions(model.info().labels(), truth, ModelScoring.text(model, emb));
            addViews(report, "text / " + e.getKey() + " test", p);
            report.addReliability("text / " + e.getKey() + " test", Reliability.of(p));
        }
    }

    /** A model on a labelled set a user brings (nothing is trained). */
    public static void data(Report report, OnnxEmotionModel model, String name, List<Example> items, TrainingRun.Options opt) {
        data(report, model, name, items, opt, List.of());
    }

    /** As above, and again through each degradation (noise, telephone, reverberation), in one table. */
    public static void data(Report report, OnnxEmotionModel model, String name, List<Example> items, TrainingRun.Options opt,
                            List<emostream.audio.noise.Degradation> degradations) {
        Map<ModelScoring.State, Predictions> p = scoreAudio(report, "audio / " + name, model, items, opt);
        if (!degradations.isEmpty()) {
            StringBuilder table = new StringBuilder(DEGRADED_HEADER);
            degradedRows(table, name, "clean", p);
            for (emostream.audio.noise.Degradation d : degradations) {
                degradedRows(table, name, d.name(), scoreAudio(report, "audio / " + name + " / " + d.name(), model, items, opt, d));
            }
            report.table("Degraded audio (" + name + ")", table.toString());
        }
        report.note("data " + name, items.size() + " clips, labels " + labelsOf(items) + ", "
                + TrainingRun.speakers(items).split(",").length + " speakers; " + p.get(ModelScoring.State.COLD).truth().size()
                + " clips scored (unreadable ones are named in the log)");
        notes(report, opt);
    }

    private static void notes(Report report, TrainingRun.Options opt) {
        report.note("audio scoring", "clip label = mean of its speech windows' probabilities (2-s windows every "
                + opt.hopSamples() / (double) opt.features().sampleRate() + " s that pass the voice gate), through ONNX Runtime;"
                + " cold = each clip its own stream (running speaker statistics of that clip only, as `run --file`),"
                + " warm = each speaker's clips normalised together (their own unlabelled audio)");
        report.note("views", "user view = argmax over every label the model has, scored on the clips' classes;"
                + " own classes = argmax over the classes the clips have; 4-class = neutral, happiness, sadness, anger");
    }

    /** One trained model's variants (branch combinations) as ORT models: name → model bytes. */
    static Map<String, byte[]> export(TrainingRun.Outcome out, String name) {
        Map<String, byte[]> models = new LinkedHashMap<>();
        EmotionNet net = out.net();
        Calibration chosen = net.calibration();
        for (Map.Entry<String, Calibration> v : out.variants().entrySet()) {
            net.setCalibration(v.getValue().withTextScale(chosen.textScale()));
            models.put(v.getKey(), OnnxExporter.toBytes(net, Map.of("name", name + "-" + v.getKey())));
        }
        net.setCalibration(chosen);
        return models;
    }

    /**
     * Leave one corpus out: for each corpus, a model (the run's recipe, every branch, and the text head and fusion
     * when text is given) trained on all other corpora — a seeded share of each one's speakers for validation — and
     * scored on every clip of the held-out corpus, cold and warm, per branch variant; the fused head on pairs of
     * held-out clips with the text corpus's test sentences.
     */
    public static void leaveOneCorpusOut(Report report, Map<String, List<Example>> corpora, TrainingRun.Inputs text,
                                         TrainingRun.Options opt, double validationFraction, TextEncoder encoder)
            throws IOException {
        leaveOneCorpusOut(report, corpora, text, opt, validationFraction, encoder, List.of());
    }

    /** As above; the shipped variant of each held-out model is also scored through each degradation (noisy LOCO). */
    public static void leaveOneCorpusOut(Report report, Map<String, List<Example>> corpora, TrainingRun.Inputs text,
                                         TrainingRun.Options opt, double validationFraction, TextEncoder encoder,
                                         List<emostream.audio.noise.Degradation> degradations)
            throws IOException {
        StringBuilder degraded = new StringBuilder(DEGRADED_HEADER);
        StringBuilder table = new StringBuilder("| held-out corpus | clips | audio branches | speakers | 4-class UA | UA, shared classes"
                + " | WA, shared | macro F1, shared | user-view UA | user-view WA | ECE |\n"
                + "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        Map<String, Map<ModelScoring.State, List<Predictions>>> pooled = new LinkedHashMap<>();
        StringBuilder fusedTable = new StringBuilder("| held-out corpus | pairs | UA matched | UA neutral words | UA neutral voice |\n"
                + "| --- | ---: | ---: | ---: | ---: |\n");
        for (String held : corpora.keySet()) {
            if (labelsOf(corpora.get(held)).size() < 2) {
                continue; // a one-label corpus (synthetic neutral voices) trains, it is not a test of emotion
            }
            List<Example> others = new ArrayList<>();
            corpora.forEach((c, items) -> {
                if (!c.equals(held)) {
                    others.addAll(items);
                }
            });
            TrainingRun.Inputs in = TrainData.holdoutInputs(others, validationFraction, opt.seed(), text);
            LOG.info("leave-one-corpus-out: {} held out, training on {} clips ({} validation)", held, in.audioTrain().size(),
                    in.audioVal().size());
            Map<String, byte[]> models;
            try (NDManager m = NDManager.newBaseManager()) {
                TrainingRun.Outcome out = TrainingRun.run(in, opt, m, encoder);
                try (EmotionNet net = out.net()) {
                    models = export(out, "loco-" + held);
                }
            }
            List<Example> test = corpora.get(held);
            for (Map.Entry<String, byte[]> variant : models.entrySet()) {
                try (OnnxEmotionModel model = OnnxEmotionModel.fromBytes(variant.getValue(), 0, "loco " + held)) {
                    Report scratch = new Report("scratch");
                    boolean shipped = variant.getKey().equals(opt.cnn() && opt.functionals() ? "both" : variant.getKey());
                    Map<ModelScoring.State, Predictions> p = scoreAudio(shipped ? report : scratch,
                            "loco / " + held + " / " + variant.getKey(), model, test, opt);
                    for (Map.Entry<ModelScoring.State, Predictions> e : p.entrySet()) {
                        row(table, held, test.size(), variant.getKey(), e.getKey(), e.getValue());
                        pooled.computeIfAbsent(variant.getKey(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                    }
                    if (shipped && !text.textTest().isEmpty()) {
                        fusedPairs(report, fusedTable, "loco / " + held, model, test, text, opt, encoder);
                    }
                    if (shipped && !degradations.isEmpty()) {
                        degradedRows(degraded, held, "clean", p);
                        for (emostream.audio.noise.Degradation d : degradations) {
                            degradedRows(degraded, held, d.name(), scoreAudio(report,
                                    "loco / " + held + " / " + variant.getKey() + " / " + d.name(), model, test, opt, d));
                        }
                    }
                }
            }
        }
        report.table("Leave one corpus out (audio)", table.toString());
        if (!degradations.isEmpty()) {
            report.table("Leave one corpus out, degraded held-out audio (speech windows chosen on the clean clip)",
                    degraded.toString());
        }
        if (!text.textTest().isEmpty()) {
            report.table("Leave one corpus out: fused head on composed pairs (held-out clips, cold, with "
                    + text.textTest().get(0).corpus() + " test sentences)", fusedTable.toString());
        }
        for (Map.Entry<String, Map<ModelScoring.State, List<Predictions>>> v : pooled.entrySet()) {
            for (Map.Entry<ModelScoring.State, List<Predictions>> s : v.getValue().entrySet()) {
                report.addReliability("loco pooled / " + v.getKey() + " / " + s.getKey().name().toLowerCase(Locale.ROOT),
                        Reliability.of(concat(s.getValue())));
            }
        }
        report.note("leave one corpus out", "per held-out corpus a model trained on all the other corpora of "
                + corpora.keySet() + " (validation: a seeded " + Math.round(validationFraction * 100)
                + " % of each corpus's speakers, for early stopping and calibration), scored on every clip of the"
                + " held-out corpus; shared classes = the held-out corpus's classes the model has");
        notes(report, opt);
    }

    private static final String DEGRADED_HEADER = "| set | condition | state | 4-class UA | user-view UA |\n| --- | --- | --- | ---: | ---: |\n";

    private static void degradedRows(StringBuilder table, String set, String condition, Map<ModelScoring.State, Predictions> p) {
        for (Map.Entry<ModelScoring.State, Predictions> e : p.entrySet()) {
            Predictions x = e.getValue();
            String four = x.labels().containsAll(Predictions.FOUR_CLASSES) && ownClasses(x).containsAll(Predictions.FOUR_CLASSES)
                    ? String.format(Locale.ROOT, "%.1f %%", 100 * x.view(Predictions.FOUR_CLASSES).unweightedAccuracy()) : "-";
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f %% |%n", set, condition,
                    e.getKey().name().toLowerCase(Locale.ROOT), four, 100 * x.view(x.labels()).unweightedAccuracy()));
        }
    }

    private static Predictions concat(List<Predictions> parts) {
        List<String> truth = new ArrayList<>();
        List<float[]> probs = new ArrayList<>();
        for (Predictions p : parts) {
            truth.addAll(p.truth());
            probs.addAll(List.of(p.probabilities()));
        }
        return new Predictions(parts.get(0).labels(), truth, probs.toArray(new float[0][]));
    }

    private static void row(StringBuilder table, String corpus, int clips, String variant, ModelScoring.State state,
                            Predictions p) {
        List<String> own = ownClasses(p);
        Evaluation shared = p.view(own);
        Evaluation user = p.view(p.labels());
        boolean four = own.containsAll(Predictions.FOUR_CLASSES);
        table.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %.1f %% | %.1f %% | %.3f | %.1f %% | %.1f %% | %.3f |%n",
                corpus, clips, variant, state.name().toLowerCase(Locale.ROOT),
                four ? String.format(Locale.ROOT, "%.1f %%", 100 * p.view(Predictions.FOUR_CLASSES).unweightedAccuracy()) : "-",
                100 * shared.unweightedAccuracy(), 100 * shared.accuracy(), shared.macroF1(),
                100 * user.unweightedAccuracy(), 100 * user.accuracy(), Reliability.of(p).ece()));
    }

    /**
     * The fused head on held-out clips (cold) paired with test sentences, three kinds as in training: matched
     * (same label), neutral words (label = the voice's) and neutral voice (neutral clips with any sentence; label =
     * the words'). Seeded.
     */
    static void fusedPairs(Report report, StringBuilder table, String prefix, OnnxEmotionModel model, List<Example> clips,
                           TrainingRun.Inputs text, TrainingRun.Options opt, TextEncoder encoder) throws IOException {
        List<String> labels = model.info().labels();
        float[][] emb = TextEmbeddings.embed("text test", TrainingRun.texts(text.textTest()), encoder, opt.cacheDir());
        Map<String, List<Integer>> textsByLabel = new LinkedHashMap<>();
        for (int i = 0; i < emb.length; i++) {
            textsByLabel.computeIfAbsent(text.textTest().get(i).label(), k -> new ArrayList<>()).add(i);
        }
        AudioSet set = ModelScoring.normalised(model,
                ModelScoring.windows(model, clips, opt.cacheDir(), opt.hopSamples(), opt.vad()), ModelScoring.State.COLD);
        Random r = new Random(opt.seed());
        String[] kinds = {"matched", "neutral words", "neutral voice"};
        List<String> textLabels = new ArrayList<>(textsByLabel.keySet());
        int[] counts = new int[3];
        StringBuilder cells = new StringBuilder();
        List<Predictions> all3 = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            float[][] pair = new float[set.clips.size()][];
            List<String> truth = new ArrayList<>();
            List<Integer> rows = new ArrayList<>();
            for (int c = 0; c < set.clips.size(); c++) {
                String y = set.clips.get(c).label();
                String target;
                List<Integer> pool;
                if (k == 0) {
                    pool = textsByLabel.get(y);
                    target = y;
                } else if (k == 1) {
                    pool = textsByLabel.get("neutral");
                    target = y;
                } else {
                    if (!y.equals("neutral")) {
                        continue;
                    }
                    target = textLabels.get(r.nextInt(textLabels.size()));
                    pool = textsByLabel.get(target);
                }
                if (pool == null || !labels.contains(target)) {
                    continue;
                }
                pair[c] = emb[pool.get(r.nextInt(pool.size()))];
                rows.add(c);
                truth.add(target);
            }
            float[][] all = ModelScoring.clipMeans(model, set, pair, true);
            float[][] sel = new float[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                sel[i] = all[rows.get(i)];
            }
            counts[k] = rows.size();
            if (rows.isEmpty()) {
                cells.append(" - |");
                continue;
            }
            Predictions p = new Predictions(labels, truth, sel);
            all3.add(p);
            Evaluation e = p.view(labels);
            report.add("fused / " + prefix + " / " + kinds[k] + " pairs / user view", e);
            cells.append(String.format(Locale.ROOT, " %.1f %% |", 100 * e.unweightedAccuracy()));
        }
        if (!all3.isEmpty()) {
            report.addReliability("fused / " + prefix + " / composed pairs", Reliability.of(concat(all3)));
        }
        if (table != null) {
            table.append("| ").append(prefix).append(" | ").append(counts[0] + counts[1] + counts[2]).append(" |").append(cells).append('\n');
        }
    }

    /**
     * Speaker-independent folds within one corpus: per fold a model with the run's recipe trained on that corpus's
     * other speakers (one of them, drawn, for validation) and scored on the fold's speakers, every variant, cold and
     * warm; each section pools all folds (every clip once) and lists each fold with mean ± sd.
     */
    public static void folds(Report report, String corpus, List<TrainingRun.Inputs> folds, TrainingRun.Options opt)
            throws IOException {
        Map<String, List<Evaluation>> perFold = new LinkedHashMap<>();
        for (int i = 0; i < folds.size(); i++) {
            TrainingRun.Inputs in = folds.get(i);
            LOG.info("{} fold {}/{}: test speakers {}", corpus, i + 1, folds.size(), TrainingRun.speakers(in.audioTest()));
            Map<String, byte[]> models;
            try (NDManager m = NDManager.newBaseManager()) {
                TrainingRun.Outcome out = TrainingRun.run(in, opt, m);
                try (EmotionNet net = out.net()) {
                    models = export(out, corpus + "-fold-" + (i + 1));
                }
            }
            for (Map.Entry<String, byte[]> v : models.entrySet()) {
                try (OnnxEmotionModel model = OnnxEmotionModel.fromBytes(v.getValue(), 0, corpus + " fold model")) {
                    AudioSet raw = ModelScoring.windows(model, in.audioTest(), opt.cacheDir(), opt.hopSamples(), opt.vad());
                    for (ModelScoring.State state : ModelScoring.State.values()) {
                        Predictions p = ModelScoring.audio(model, ModelScoring.normalised(model, raw, state));
                        perFold.computeIfAbsent(v.getKey() + " / " + state.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                                .add(p.view(p.labels()));
                    }
                }
            }
        }
        for (Map.Entry<String, List<Evaluation>> e : perFold.entrySet()) {
            report.addFolds("folds / " + corpus + " / " + e.getValue().get(0).labels().size() + " classes, " + folds.size()
                    + " folds / " + e.getKey(), e.getValue());
        }
        StringBuilder desc = new StringBuilder();
        for (TrainingRun.Inputs f : folds) {
            desc.append(desc.length() == 0 ? "" : "; ").append(TrainingRun.speakers(f.audioTest()))
                    .append(" (validation ").append(TrainingRun.speakers(f.audioVal())).append(')');
        }
        report.note("folds " + corpus, "corpus-only models over its own labels (" + opt.labels() + "), one per fold; test"
                + " speakers per fold: " + desc);
    }

    static Map<String, List<Example>> byCorpus(List<Example> items) {
        Map<String, List<Example>> out = new LinkedHashMap<>();
        items.forEach(e -> out.computeIfAbsent(e.corpus(), k -> new ArrayList<>()).add(e));
        return out;
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
        n.put("architecture", model.info().metadata().getOrDefault("architecture", "?"));
        return n;
    }

    static Set<String> labelsOf(List<Example> items) {
        Set<String> s = new LinkedHashSet<>();
        items.forEach(e -> s.add(e.label()));
        return s;
    }
}
