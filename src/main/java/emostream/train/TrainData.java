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
import java.util.List;

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
        List<String> labels = labels(config);
        Path root = Corpora.dataRoot(config);
        LabelMap map = LabelMap.fromConfig(config);

        List<Utterance> audio = new ArrayList<>();
        for (String corpus : config.list("train.audio.corpora")) {
            Dataset d = Corpora.load(corpus, root, map).restrictTo(labels).checkAudio();
            LOG.info(d.summary());
            audio.addAll(d.items());
        }
        if (audio.isEmpty()) {
            throw new IllegalArgumentException("train.audio.corpora " + config.list("train.audio.corpora")
                    + " gave no usable audio under " + root);
        }
        Split split = Splits.holdout(audio, config.list("train.test.speakers"), config.list("train.validation.speakers"));
        LOG.info("audio split {}", split.describe());

        List<Utterance> tTrain = new ArrayList<>();
        List<Utterance> tDev = new ArrayList<>();
        List<Utterance> tTest = new ArrayList<>();
        for (String corpus : config.list("train.text.corpora")) {
            Dataset d = Corpora.load(corpus, root, map).restrictTo(labels);
            LOG.info(d.summary());
            Split s = Splits.official(d.items());
            tTrain.addAll(s.train());
            tDev.addAll(s.validation());
            // only the first text corpus's test split is the reported one (MELD by default)
            if (tTest.isEmpty()) {
                tTest.addAll(s.test());
            }
        }
        return new TrainingRun.Inputs(examples(split.train()), examples(split.validation()), examples(split.test()),
                examples(tTrain), examples(tDev), examples(tTest));
    }

    /**
     * k folds over the speakers of one audio corpus, audio only (for {@code evaluate --folds}): fold i tests its
     * speakers, {@code data.split.validation.speakers} others (seeded) steer early stopping, the rest train.
     */
    public static List<TrainingRun.Inputs> audioFolds(Config config, String corpus, int k) throws IOException {
        List<String> labels = labels(config);
        Dataset d = Corpora.load(corpus, Corpora.dataRoot(config), LabelMap.fromConfig(config)).restrictTo(labels).checkAudio();
        List<TrainingRun.Inputs> out = new ArrayList<>();
        for (Split s : Splits.speakerFolds(d.items(), k, config.intValue("data.split.validation.speakers", 1, 100),
                config.longValue("train.seed", 0, Integer.MAX_VALUE))) {
            LOG.info("{} {}", corpus, s.describe());
            out.add(new TrainingRun.Inputs(examples(s.train()), examples(s.validation()), examples(s.test()),
                    List.of(), List.of(), List.of()));
        }
        return out;
    }

    static List<Example> examples(List<Utterance> items) {
        List<Example> out = new ArrayList<>(items.size());
        for (Utterance u : items) {
            out.add(new Example(u.id(), u.corpus(), u.speaker(), u.label(), u.audio(), u.text()));
        }
        return out;
    }
}
