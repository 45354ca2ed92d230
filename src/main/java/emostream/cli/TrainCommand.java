package emostream.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import emostream.config.Config;
import emostream.train.Checkpoint;
import emostream.train.OnnxExporter;
import emostream.train.TrainData;
import emostream.train.TrainOptions;
import emostream.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Trains audio CNN, text head and fusion, then writes the checkpoint and the ONNX model. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the fused model on the configured corpora (train.*, data.*, features.*) and write it as ONNX.",
                "Features and text embeddings are cached under train.cache, so a re-run skips the audio work.",
                "Example (mel only): ./run.sh train --set features.acoustic= --out models/mel-only.onnx"})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--out", paramLabel = "FILE", description = "Model file to write (default: model.path).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        Path target = out != null ? out : config.path("model.path");
        Path checkpoint = config.path("train.checkpoint");
        TrainingRun.Options opt = TrainOptions.fromConfig(config);
        TrainingRun.Inputs inputs = TrainData.fromConfig(config);
        // the text head learns on the encoder the runtime will run (text.encoder.model: the original or a fine-tuned delta)
        try (NDManager manager = NDManager.newBaseManager();
             emostream.text.MiniLmEncoder encoder = new emostream.text.MiniLmEncoder(
                     Runtime.getRuntime().availableProcessors(), config.path("text.encoder.model"))) {
            TrainingRun.Outcome outcome = TrainingRun.run(inputs, opt, manager, encoder);
            try (var net = outcome.net()) {
                Checkpoint.save(checkpoint, net, outcome.provenance(), outcome.results());
                Map<String, String> meta = Checkpoint.exportMetadata(Checkpoint.meta(checkpoint));
                OnnxExporter.write(net, meta, target);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", target.toString());
            report.put("provenance", outcome.provenance());
            report.put("results", outcome.results());
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
            Path tmp = Files.createTempFile(checkpoint, "training-report", ".tmp");
            try {
                Files.writeString(tmp, json);
                Files.move(tmp, checkpoint.resolve("training-report.json"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            System.out.println(json);
            System.err.println("wrote " + target + " and checkpoint " + checkpoint);
        }
        return 0;
    }
}
