package emostream.cli;

import emostream.config.Config;
import emostream.data.Corpora;
import emostream.data.Dataset;
import emostream.data.LabelMap;
import emostream.eval.Report;
import emostream.model.OnnxEmotionModel;
import emostream.text.MiniLmEncoder;
import emostream.train.Example;
import emostream.train.EvaluationRun;
import emostream.train.TrainData;
import emostream.train.TrainOptions;
import emostream.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Scores models: the shipped one on held-out data or a user's set, and the recipe leave-one-corpus-out and in folds. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a model (default model.path) through the serving features and ONNX Runtime: on",
                "train.test.speakers (if any) and the text corpus's test split, or with --data on a labelled set you bring",
                "(nothing is trained). --loco trains one model per audio corpus on all the others and scores it on the",
                "held-out corpus (the headline: a voice and a recording the model never heard). --folds K trains",
                "corpus-only models per speaker fold (leave one speaker out up to 12 speakers, else K folds).",
                "Every audio score is given cold (each clip its own stream) and warm (a speaker's clips together)."})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--model", paramLabel = "FILE", description = "Model to evaluate (default: model.path).")
    Path modelFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}).", defaultValue = "target/reports")
    Path out;

    @Option(names = "--name", description = "Report base name (default: ${DEFAULT-VALUE}).", defaultValue = "evaluation")
    String name;

    @Option(names = "--data", paramLabel = "SET", description = {"A labelled set to score the model on, nothing trained:"
            + " a manifest CSV (path,label[,speaker,...]), NAME=FOLDER for a known corpus layout (see `datasets`), or a"
            + " known corpus's name (its folder under data.root). Repeatable."})
    List<String> data;

    @Option(names = "--degrade", split = ",", paramLabel = "LIST", description = {"Also score through these"
            + " degradations (with --data, and the held-out corpora of --loco): pink:SNR, white:SNR, hum:SNR (dB against"
            + " the active speech level), phone (300-3400 Hz, 8 kHz, mu-law), reverb:RT60 (s); e.g. pink:10,pink:5,phone."})
    List<String> degrade = List.of();

    @Option(names = "--loco", description = "Leave one corpus out over train.audio.corpora (trains one model each; long).")
    boolean loco;

    @Option(names = "--folds", paramLabel = "K", description = "Speaker folds within each corpus (--folds-corpora;"
            + " leave one speaker out up to 12 speakers, else K folds; 0 = off; long).")
    int folds;

    @Option(names = "--folds-corpora", paramLabel = "LIST", split = ",",
            description = "Corpora for --folds (default: train.audio.corpora).")
    List<String> foldCorpora;

    @Option(names = "--branches", paramLabel = "LIST", split = ",",
            description = "Audio branches the --loco and --folds models train (default: train.branches).")
    List<String> branches;

    @Option(names = "--flat-voice", paramLabel = "N", description = {"The flat-voice test: N test sentences of the text"
            + " corpus (seeded) spoken by espeak-ng in several voices, each through the serving pipeline as `run --file`"
            + " runs it (needs espeak-ng; files cached under target/flat-voice). 0 = off."})
    int flatVoice;

    @Option(names = "--flat-voice-per-class", paramLabel = "N", description = {"The class-balanced flat-voice test:"
            + " N test sentences of each label (seeded), otherwise as --flat-voice. 0 = off."})
    int flatVoicePerClass;

    @Option(names = "--voice-change", paramLabel = "N", description = {"The voice-change test: N streams, each two text"
            + " test sentences of different labels read back to back by one flat espeak-ng voice; windows scored against"
            + " the sentence they lie in, with text.window.aligned off and on. 0 = off."})
    int voiceChange;

    @Option(names = "--text-head", description = {"Train the text head alone on train.text.corpora (frozen encoder,"
            + " no audio, minutes) and score it on every text corpus's test split; nothing is shipped."})
    boolean textHead;

    @Option(names = "--text-class-power", paramLabel = "P", defaultValue = "0.5", description = {"--text-head: class"
            + " weights = inverse class frequency to this power (1 = classes weigh alike, 0 = unweighted; default ${DEFAULT-VALUE})."})
    double textClassPower;

    @Option(names = "--pipeline", description = {"With --data: play each clip through the serving pipeline as `run"
            + " --file` does (voice gate, Vosk, text head, fusion), with recognition and without, and score the fused label"
            + " beside the audio head's; --degrade applies before the voice gate. Slow: real time / ~10 per pass."})
    boolean pipeline;

    @Option(names = "--no-text", description = "Leave the text head and fusion out of the --loco models (audio scores only).")
    boolean noText;

    @Override
    public Integer call() throws Exception {
        if (folds < 0 || folds == 1) {
            // checked before minutes of evaluation, not when the folds start
            throw new UserException("--folds needs 2 or more folds (0 = off), got " + folds);
        }
        if (pipeline && data == null) {
            throw new UserException("--pipeline scores a labelled set: give it one with --data");
        }
        Config config = options.load();
        if (branches != null) {
            config = config.with("train.branches", String.join(",", branches));
        }
        TrainingRun.Options opt = TrainOptions.fromConfig(config);
        Path file = modelFile != null ? modelFile : config.path("model.path");
        Report report = new Report("emostream evaluation");
        boolean scoreModel = !loco && folds == 0 && flatVoice == 0 && flatVoicePerClass == 0 && voiceChange == 0 && !textHead
                || data != null || modelFile != null;
        try (MiniLmEncoder encoder = new MiniLmEncoder(0, config.path("text.encoder.model"))) {
            if (scoreModel) {
                try (OnnxEmotionModel model = OnnxEmotionModel.load(file, 0)) {
                    for (Map.Entry<String, String> n : EvaluationRun.modelNotes(model, file).entrySet()) {
                        report.note(n.getKey(), n.getValue());
                    }
                    if (data != null) {
                        for (String spec : data) {
                            if (pipeline) {
                                Config withModel = modelFile != null ? config.with("model.path", modelFile.toString()) : config;
                                emostream.train.PipelineRun.run(report, withModel, spec, userSet(spec, config), degradations(),
                                        out.resolve(name + "-" + Report.pngName("pipeline", spec).replace(".png", "") + ".csv"));
                            } else {
                                EvaluationRun.data(report, model, spec, userSet(spec, config), opt, degradations());
                            }
                        }
                    } else {
                        EvaluationRun.heldOut(report, model, TrainData.fromConfig(config), opt, encoder);
                        EvaluationRun.otherTextTests(report, model, TrainData.textParts(config), opt, encoder);
                    }
                }
            }
            if (textHead) {
                emostream.train.TextHeadRun.run(report, opt, TrainData.textParts(config), encoder, textClassPower);
            }
            if (flatVoice > 0 || flatVoicePerClass > 0) {
                Config withModel = modelFile != null ? config.with("model.path", modelFile.toString()) : config;
                List<Example> test = TrainData.textInputs(config).textTest();
                List<Example> sentences = flatVoicePerClass > 0
                        ? emostream.train.FlatVoiceRun.balancedSample(test, flatVoicePerClass, opt.seed())
                        : emostream.train.FlatVoiceRun.sample(test, flatVoice, opt.seed());
                emostream.train.FlatVoiceRun.run(report, withModel, sentences,
                        emostream.config.Config.home().resolve("target").resolve("flat-voice"), encoder, opt);
            }
            if (voiceChange > 0) {
                Config withModel = modelFile != null ? config.with("model.path", modelFile.toString()) : config;
                emostream.train.VoiceChangeRun.run(report, withModel, TrainData.textInputs(config).textTest(), voiceChange,
                        emostream.config.Config.home().resolve("target").resolve("voice-change"), opt.seed());
            }
            if (loco) {
                TrainingRun.Inputs text = noText ? new TrainingRun.Inputs(List.of(), List.of(), List.of(), List.of(),
                        List.of(), List.of()) : TrainData.textInputs(config);
                EvaluationRun.leaveOneCorpusOut(report, TrainData.audioCorpora(config), text, opt,
                        config.doubleValue("train.validation.fraction", 0.01, 0.9), encoder, degradations());
            }
            if (folds > 0) {
                for (String corpus : foldCorpora != null ? foldCorpora : config.list("train.audio.corpora")) {
                    Map.Entry<List<String>, List<TrainingRun.Inputs>> f = TrainData.corpusFolds(config, corpus, folds, 12);
                    EvaluationRun.folds(report, corpus, f.getValue(), opt.withLabels(f.getKey()));
                }
            }
        }
        System.out.println(report.markdown());
        for (Path p : report.write(out, name)) {
            System.err.println("wrote " + p);
        }
        return 0;
    }

    private List<emostream.audio.noise.Degradation> degradations() {
        return degrade.stream().map(emostream.audio.noise.Degradation::parse).toList();
    }

    /** A user's labelled set: a manifest CSV, NAME=FOLDER, or a known corpus under data.root. */
    private static List<Example> userSet(String spec, Config config) throws Exception {
        Dataset d;
        Path asPath = Path.of(spec);
        if (!spec.contains("=") && spec.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            if (!Files.isRegularFile(asPath)) {
                throw new UserException("--data " + spec + ": no such manifest file");
            }
            d = Corpora.load("manifest=" + spec, Corpora.dataRoot(config), LabelMap.fromConfig(config));
        } else {
            d = Corpora.load(spec, Corpora.dataRoot(config), LabelMap.fromConfig(config));
        }
        if (!d.skipped().isEmpty()) {
            System.err.println("--data " + spec + ": " + d.skipped().size() + " items skipped: " + d.skipReasons());
        }
        if (d.items().isEmpty()) {
            throw new UserException("--data " + spec + ": no usable labelled audio");
        }
        List<Example> out = new ArrayList<>();
        for (var u : d.items()) {
            if (u.audio() != null) {
                out.add(new Example(u.id(), u.corpus(), u.speaker().isEmpty() ? u.id() : u.speaker(), u.label(), u.audio(), u.text()));
            }
        }
        return out;
    }
}
