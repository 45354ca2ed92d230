package emostream.cli;

import emostream.config.Config;
import emostream.eval.Report;
import emostream.text.MiniLmEncoder;
import emostream.text.MiniLmWeights;
import emostream.train.EncoderFineTune;
import emostream.train.TextCorpora;
import emostream.train.TextHeadRun;
import emostream.train.TrainData;
import emostream.train.TrainOptions;
import emostream.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Fine-tunes MiniLM's top layers for emotion and writes them as a delta file that text.encoder.model can name. */
@Command(name = "finetune-text", mixinStandardHelpOptions = true,
        description = {"Fine-tune the top layers of the MiniLM text encoder with a classification head on train.text.corpora",
                "(early stopping on their dev splits), write the changed layers as a float16 delta file (--out), then train",
                "the text head on the fine-tuned encoder and score it on every text corpus's test split (--report).",
                "Ship it with text.encoder.model=<the delta file>, then ./run.sh train."})
final class FineTuneTextCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "target/text-encoder-ft.onnx",
            description = "Delta file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--from-layer", defaultValue = "3", description = "First fine-tuned layer, 1..5 (default: ${DEFAULT-VALUE}: the top three).")
    int fromLayer;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-per-corpus", defaultValue = "9000",
            description = "Training texts per corpus at most, seeded draw (default: ${DEFAULT-VALUE}).")
    int maxPerCorpus;

    @Option(names = "--rate", defaultValue = "5e-5", description = "Encoder learning rate, AdamW (default: ${DEFAULT-VALUE}).")
    float rate;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "target/reports",
            description = "Folder of the scores report text-finetune.md (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--no-head", description = "Write the delta only: no text head, no scores (a quick check).")
    boolean noHead;

    @Override
    public Integer call() throws Exception {
        if (fromLayer < 1 || fromLayer > MiniLmWeights.LAYERS - 1) {
            throw new UserException("--from-layer must be 1..5, got " + fromLayer);
        }
        Config config = options.load();
        TrainingRun.Options opt = TrainOptions.fromConfig(config);
        TextCorpora.Parts parts = TrainData.textParts(config);
        EncoderFineTune.Settings d = EncoderFineTune.Settings.defaults();
        EncoderFineTune.Settings s = new EncoderFineTune.Settings(fromLayer, epochs, d.batch(), rate, d.headRate(),
                maxPerCorpus, d.maxDev(), d.classPower(), opt.seed());
        EncoderFineTune.Result r = EncoderFineTune.run(parts.train(), parts.dev(), opt.labels(), s);
        String id = String.format(Locale.ROOT, "all-minilm-l6-v2+ft-layers%d-5(%s,e%d,seed%d)/mean-pool/l2/transcript-style",
                fromLayer, String.join("+", parts.tests().keySet()), r.bestEpoch(), opt.seed());
        byte[] delta = MiniLmWeights.delta(r.layers(), id);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, delta);
        System.err.printf(Locale.ROOT, "wrote %s (%.1f MB): %s%n", out, delta.length / 1e6, id);
        if (noHead) {
            return 0;
        }
        Report rep = new Report("emostream text: fine-tuned MiniLM (layers " + fromLayer + "-5) + text head");
        rep.note("fine-tune", String.format(Locale.ROOT, "layers %d-5 of 6 + linear head, %d train texts (at most %d per"
                        + " corpus), %d epochs, best epoch %d (dev macro F1 %.3f, linear head); lower layers cached in %.0f s,"
                        + " fine-tuning %.1f min; delta %s %.1f MB (float16)", fromLayer, r.trainTexts(), maxPerCorpus, epochs,
                r.bestEpoch(), r.devMacroF1(), r.cacheSeconds(), r.trainSeconds() / 60, out, delta.length / 1e6));
        try (MiniLmEncoder encoder = new MiniLmEncoder(Runtime.getRuntime().availableProcessors(), out)) {
            TextHeadRun.run(rep, opt, parts, encoder, d.classPower());
        }
        System.out.println(rep.markdown());
        for (Path p : rep.write(report, "text-finetune")) {
            System.err.println("wrote " + p);
        }
        return 0;
    }
}
