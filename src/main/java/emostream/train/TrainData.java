package emostream.train;

import emostream.config.Config;
import emostream.data.Corpora;
import emostream.data.Dataset;
import emostream.data.LabelMap;
import emostream.data.Split;
import emostream.data.Splits;
import emostream.data.Utterance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a run's inputs from the configuration with the data package's loaders: the audio corpora split by named
 * speakers (test speakers never trained on, validation speakers for early stopping), the text corpora by their
 * official train/dev/test split. Everything is checked (labels, readable headers) before training starts.
 */
public final class TrainData {

    private static final Logger LOG = LoggerFactory.getLogger(TrainData.class);

    private TrainData() {
    }

    public static List<String> labels(Config config) {
        List<String> labels = config.list("train.labels");
        if (labels.size() < 2) {
            throw new IllegalArgumentException("train.labels needs at least 2 labels, got " + labels);
        }
        return labels;
    }

    public static TrainingRun.Inputs fromConfig(Config config) throws IOException {
        return fromConfig(config, true);
    }

    private static TrainingRun.Inputs fromConfig(Config config, boolean withAudio) throws IOException {
        List<String> labels = labels(config);
        Path root = Corpora.dataRoot(config);
        LabelMap map = LabelMap.fromConfig(config);

        List<Utterance> audio = new ArrayList<>();
        if (withAudio) {
            prepareSynthetic(config);
        }
        for (String corpus : withAudio ? config.list("train.audio.corpora") : List.<String>of()) {
            Dataset d = Corpora.load(corpus, root, map).restrictTo(labels).checkAudio();
            LOG.info(d.summary());
            audio.addAll(d.items());
        }
        if (audio.isEmpty() && withAudio) {
            throw new IllegalArgumentException("train.audio.corpora " + config.list("train.audio.corpora")
                    + " gave no usable audio under " + root);
        }
        List<String> namedVal = config.list("train.validation.speakers");
        Split split = audio.isEmpty() ? new Split("none", List.of(), List.of(), List.of()) : namedVal.isEmpty()
                ? Splits.perCorpusValidation(audio, config.list("train.test.speakers"),
                        config.doubleValue("train.validation.fraction", 0.01, 0.9), config.longValue("train.seed", 0, Integer.MAX_VALUE))
                : Splits.holdout(audio, config.list("train.test.speakers"), namedVal);
        LOG.info("audio split {}", split.describe());

        TextCorpora.Parts text = textParts(config);
        // the fused model's text test is the first text corpus's (MELD by default); textTests has every corpus's
        List<Example> firstTest = text.tests().isEmpty() ? List.of() : text.tests().values().iterator().next();
        return new TrainingRun.Inputs(examples(split.train()), examples(split.validation()), examples(split.test()),
                text.train(), text.dev(), firstTest);
    }

    /**
     * Every configured text corpus (train.text.corpora) by its official split, restricted to train.labels: train
     * and dev merged, tests per corpus, copies of held-out sentences removed from training (see {@link TextCorpora}).
     */
    public static TextCorpora.Parts textParts(Config config) throws IOException {
        List<String> labels = labels(config);
        Path root = Corpora.dataRoot(config);
        LabelMap map = LabelMap.fromConfig(config);
        Map<String, Split> splits = new LinkedHashMap<>();
        for (String corpus : config.list("train.text.corpora")) {
            Dataset d = Corpora.load(corpus, root, map).restrictTo(labels);
            LOG.info(d.summary());
            splits.put(d.corpus(), Splits.official(d.items()));
        }
        return TextCorpora.merge(splits);
    }

    /** Every configured audio corpus (train.audio.corpora), restricted to train.labels, by corpus. */
    public static Map<String, List<Example>> audioCorpora(Config config) throws IOException {
        List<String> labels = labels(config);
        Path root = Corpora.dataRoot(config);
        LabelMap map = LabelMap.fromConfig(config);
        Map<String, List<Example>> out = new LinkedHashMap<>();
        prepareSynthetic(config);
        for (String corpus : config.list("train.audio.corpora")) {
            Dataset d = Corpora.load(corpus, root, map).restrictTo(labels).checkAudio();
            LOG.info(d.summary());
            out.put(d.corpus(), examples(d.items()));
        }
        return out;
    }

    /**
     * Makes the synthetic neutral corpus when train.audio.corpora names it ({@code tts} without a path): the first
     * text corpus's training sentences spoken by espeak-ng (see {@link SyntheticSpeech}).
     */
    static void prepareSynthetic(Config config) throws IOException {
        for (String spec : config.list("train.audio.corpora")) {
            if (!spec.strip().equals(Corpora.SYNTHETIC)) {
                continue;
            }
            List<String> text = config.list("train.text.corpora");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("the tts corpus speaks the text corpus's training sentences: set train.text.corpora");
            }
            Dataset d = Corpora.load(text.get(0), Corpora.dataRoot(config), LabelMap.fromConfig(config));
            SyntheticSpeech.ensure(Corpora.defaultRoot(Corpora.SYNTHETIC, Corpora.dataRoot(config)),
                    examples(Splits.official(d.items()).train()), SyntheticSpeech.DEFAULT_CLIPS,
                    config.longValue("train.seed", 0, Integer.MAX_VALUE));
        }
    }

    /** The text corpora's official splits (audio parts empty). */
    public static TrainingRun.Inputs textInputs(Config config) throws IOException {
        TrainingRun.Inputs all = fromConfig(config, false);
        return new TrainingRun.Inputs(List.of(), List.of(), List.of(), all.textTrain(), all.textDev(), all.textTest());
    }

    /** Audio items split by speaker: a seeded share of each corpus's speakers validates, the rest train; text as given. */
    public static TrainingRun.Inputs holdoutInputs(List<Example> audio, double validationFraction, long seed,
                                                   TrainingRun.Inputs text) {
        List<Utterance> u = new ArrayList<>();
        Map<String, Example> byKey = new LinkedHashMap<>();
        for (Example e : audio) {
            Utterance x = new Utterance(e.corpus(), e.id(), e.speaker(), e.label(), e.label(), e.audio(), e.text(), "");
            u.add(x);
            byKey.put(e.corpus() + "|" + e.id(), e);
        }
        Split s = Splits.perCorpusValidation(u, List.of(), validationFraction, seed);
        return new TrainingRun.Inputs(back(s.train(), byKey), back(s.validation(), byKey), List.of(), text.textTrain(),
                text.textDev(), text.textTest());
    }

    private static List<Example> back(List<Utterance> items, Map<String, Example> byKey) {
        List<Example> out = new ArrayList<>();
        items.forEach(x -> out.add(byKey.get(x.corpus() + "|" + x.id())));
        return out;
    }

    /**
     * Speaker folds of one audio corpus over its own labels (for {@code evaluate --folds}): leave one speaker out
     * when it has at most {@code losoMax} speakers, else {@code k} folds balanced by clip count; in every fold one
     * of the training speakers (seeded) validates. Returns the folds and the corpus's labels in canonical order.
     */
    public static Map.Entry<List<String>, List<TrainingRun.Inputs>> corpusFolds(Config config, String corpus, int k,
                                                                               int losoMax) throws IOException {
        Dataset d = Corpora.load(corpus, Corpora.dataRoot(config), LabelMap.fromConfig(config)).checkAudio();
        LOG.info(d.summary());
        long seed = config.longValue("train.seed", 0, Integer.MAX_VALUE);
        List<Split> splits = d.speakers().size() <= losoMax ? Splits.leaveOneSpeakerOut(d.items(), 1, seed)
                : Splits.speakerFolds(d.items(), k, 1, seed);
        List<TrainingRun.Inputs> out = new ArrayList<>();
        for (Split s : splits) {
            LOG.info("{} {}", corpus, s.describe());
            out.add(new TrainingRun.Inputs(examples(s.train()), examples(s.validation()), examples(s.test()),
                    List.of(), List.of(), List.of()));
        }
        List<String> labels = new ArrayList<>(CANONICAL_ORDER.stream().filter(d.labelCounts()::containsKey).toList());
        d.labelCounts().keySet().stream().sorted().filter(l -> !labels.contains(l)).forEach(labels::add);
        return Map.entry(labels, out);
    }

    /** The order labels take in reports and corpus-only models. */
    static final List<String> CANONICAL_ORDER = List.of("neutral", "happiness", "sadness", "anger", "fear", "disgust",
            "surprise", "boredom", "calm");

    static List<Example> examples(List<Utterance> items) {
        List<Example> out = new ArrayList<>(items.size());
        for (Utterance u : items) {
            out.add(new Example(u.id(), u.corpus(), u.speaker(), u.label(), u.audio(), u.text()));
        }
        return out;
    }
}
