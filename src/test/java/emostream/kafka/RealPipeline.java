package emostream.kafka;

import ai.djl.ndarray.NDManager;
import emostream.SpeechSynth;
import emostream.asr.Transcriber;
import emostream.asr.VoskTranscriber;
import emostream.audio.AudioFiles;
import emostream.config.Config;
import emostream.features.FeatureConfig;
import emostream.model.EmotionModel;
import emostream.model.OnnxEmotionModel;
import emostream.pipeline.Detector;
import emostream.publish.EventSink;
import emostream.text.MiniLmEncoder;
import emostream.text.TextEncoder;
import emostream.train.EmotionNet;
import emostream.train.NetSpec;
import emostream.train.Normalization;
import emostream.train.OnnxExporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real pipeline for the Kafka tests: the Detector on ONNX Runtime, with Vosk and MiniLM when asked.
 * The model is the shipped {@code models/emostream.onnx}; until one is trained, an untrained network of the same
 * architecture exported to ONNX stands in (labels then mean nothing, which these tests do not look at: they check
 * that every window arrives, in order, after hand-overs and outages).
 */
final class RealPipeline {

    private static EmotionModel model;
    private static Transcriber vosk;
    private static emostream.vad.SileroModel vad;
    private static TextEncoder encoder;

    private RealPipeline() {
    }

    static synchronized EmotionModel model() {
        if (model == null) {
            Path shipped = Path.of("models/emostream.onnx");
            if (Files.isRegularFile(shipped)) {
                model = OnnxEmotionModel.load(shipped, 1);
            } else {
                List<String> labels = List.of("neutral", "happiness", "sadness", "anger", "fear");
                FeatureConfig fc = FeatureConfig.DEFAULT;
                try (NDManager m = NDManager.newBaseManager();
                     EmotionNet net = new EmotionNet(NetSpec.of(labels, fc, 0), Normalization.identity(fc.melBands(), 0), m)) {
                    byte[] onnx = OnnxExporter.toBytes(net, Map.of("name", "kafka-test-untrained"));
                    model = OnnxEmotionModel.fromBytes(onnx, 1, "untrained test network");
                }
            }
        }
        return model;
    }

    static synchronized Transcriber vosk() {
        if (vosk == null) {
            vosk = VoskTranscriber.load(Path.of(System.getProperty("emostream.vosk.model", "target/vosk/assets/model-en-us")));
        }
        return vosk;
    }

    static synchronized emostream.vad.SileroModel vad() {
        if (vad == null) {
            vad = emostream.vad.SileroModel.load(Path.of("target/vad/silero_vad_v5.onnx"));
        }
        return vad;
    }

    static synchronized TextEncoder encoder() {
        if (encoder == null) {
            // the encoder the shipped model was trained with (text.encoder.model), as Engine loads it
            encoder = new MiniLmEncoder(0, Config.defaults().path("text.encoder.model"));
        }
        return encoder;
    }

    /** A detector publishing to {@code sink}; with Vosk + MiniLM when {@code asr}. */
    static Detector detector(EventSink sink, boolean asr) {
        Config c = Config.defaults().with("asr.enabled", Boolean.toString(asr));
        Detector.Builder b = Detector.builder(model(), sink).config(c).voiceActivity(vad());
        if (asr) {
            b.transcriber(vosk());
            if (model().info().textDim() > 0) {
                b.textEncoder(encoder());
            }
        }
        return b.build();
    }

    /** What a detector that reads {@code pcm} in one piece publishes, as event ids in order. */
    static List<String> ids(String stream, float[] pcm, boolean asr, String type) {
        List<String> out = new java.util.ArrayList<>();
        Detector d = detector(e -> {
            if (e.type().equals(type)) {
                out.add(e.id());
            }
        }, asr);
        d.audio(stream, pcm, 0, pcm.length);
        d.end(stream);
        d.close();
        return out;
    }

    /** English speech from espeak-ng at 16 kHz, or null when espeak-ng is not installed. */
    static float[] speech(String text) throws Exception {
        if (!SpeechSynth.available()) {
            return null;
        }
        Path wav = Files.createTempFile("kafka-speech", ".wav");
        try {
            return AudioFiles.read(SpeechSynth.say(text, wav));
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
