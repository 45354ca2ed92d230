package emostream.cli;

import ai.djl.ndarray.NDManager;
import emostream.config.Config;
import emostream.model.OnnxEmotionModel;
import emostream.train.Checkpoint;
import emostream.train.EmotionNet;
import emostream.train.OnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Re-writes a training checkpoint as the one-file ONNX model and checks that ONNX Runtime loads it. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a training checkpoint (train.checkpoint) to ONNX (model.path), then load it once in ONNX Runtime.")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Checkpoint folder (default: train.checkpoint).")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "FILE", description = "Model file to write (default: model.path).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        Path dir = checkpoint != null ? checkpoint : config.path("train.checkpoint");
        Path target = out != null ? out : config.path("model.path");
        try (NDManager m = NDManager.newBaseManager(); EmotionNet net = Checkpoint.load(dir, m)) {
            OnnxExporter.write(net, Checkpoint.exportMetadata(Checkpoint.meta(dir)), target);
        }
        try (OnnxEmotionModel model = OnnxEmotionModel.load(target, 1)) {
            System.out.println("wrote " + target + ": " + model.info().name() + ", labels " + model.info().labels()
                    + ", " + model.info().features().melBands() + " mel x " + model.info().features().frames() + " frames"
                    + (model.acousticDim() > 0 ? ", " + model.acousticDim() + " acoustic" : ""));
        }
        return 0;
    }
}
