package emostream.cli;

import emostream.config.Config;
import emostream.eval.Report;
import emostream.model.OnnxEmotionModel;
import emostream.text.MiniLmEncoder;
import emostream.train.EvaluationRun;
import emostream.train.TrainData;
import emostream.train.TrainOptions;
import emostream.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Scores a model file on the held-out speakers and the text test split; writes Markdown, JSON and PNGs. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a model (default model.path) on the test speakers of train.test.speakers and the text",
                "corpus's test split: audio-only, text-only and fused, each corpus's labels and the 4-class view.",
                "--cross-corpus also trains audio-only models on one corpus and tests them on the other (shared labels).",
                "--folds K adds a speaker k-fold per audio corpus (mean ± sd over folds)."})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--model", paramLabel = "FILE", description = "Model to evaluate (default: model.path).")
    Path modelFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}).", defaultValue = "target/reports")
    Path out;

    @Option(names = "--name", description = "Report base name (default: ${DEFAULT-VALUE}).", defaultValue = "evaluation")
    String name;

    @Option(names = "--cross-corpus", description = "Also train and score cross-corpus audio models (minutes).")
    boolean crossCorpus;

    @Option(names = "--folds", paramLabel = "K", description = "Also a speaker k-fold of each audio corpus: K audio-only"
            + " models per corpus, trained and scored on held-out speakers, reported as mean ± sd (0 = off; long).")
    int folds;

    @Option(names = "--folds-corpora", paramLabel = "LIST", split = ",",
            description = "Corpora for --folds (default: train.audio.corpora).")
    List<String> foldCorpora;

    @Override
    public Integer call() throws Exception {
        if (folds < 0 || folds == 1) {
            // checked before minutes of evaluation, not when the folds start
            throw new UserException("--folds needs 2 or more folds (0 = off), got " + folds);
        }
        Config config = options.load();
        Path file = modelFile != null ? modelFile : config.path("model.path");
        TrainingRun.Inputs inputs = TrainData.fromConfig(config);
        TrainingRun.Options opt = TrainOptions.fromConfig(config);
        Report report = new Report("emostream evaluation");
        try (OnnxEmotionModel model = OnnxEmotionModel.load(file, 0); MiniLmEncoder encoder = new MiniLmEncoder(0)) {
            for (Map.Entry<String, String> n : EvaluationRun.modelNotes(model, file).entrySet()) {
                report.note(n.getKey(), n.getValue());
            }
            EvaluationRun.evaluate(report, model, inputs, opt.cacheDir(), opt.hopSamples(), opt.seed(), encoder);
        }
        if (crossCorpus) {
            List<String> corpora = config.list("train.audio.corpora");
            for (String from : corpora) {
                for (String to : corpora) {
                    if (!from.equals(to)) {
                        EvaluationRun.crossCorpus(report, from, to, inputs, opt);
                    }
                }
            }
        }
        if (folds > 0) {
            for (String corpus : foldCorpora != null ? foldCorpora : config.list("train.audio.corpora")) {
                EvaluationRun.folds(report, corpus, TrainData.audioFolds(config, corpus, folds), opt);
            }
        }
        System.out.println(report.markdown());
        for (Path p : report.write(out, name)) {
            System.err.println("wrote " + p);
        }
        return 0;
    }
}
