package emostream.train;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import emostream.features.FeatureConfig;
import emostream.features.SpeakerNorm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained net on disk, for {@code export} to re-write the ONNX file without training again:
 * {@code net.json} (shape, normalisation, provenance, results) and {@code params.bin} (DJL parameters).
 */
public final class Checkpoint {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What {@code net.json} holds. */
    public record Meta(List<String> labels, Map<String, String> features, int acousticDim, int textDim, boolean cnn,
                       int[] conv, int[] fc, boolean functionals, int textHidden, int fusionHidden, float dropout,
                       float[] specMean, float[] specStd, float[] acMean, float[] acStd, Calibration calibration,
                       Map<String, String> speakerNorm, Map<String, String> provenance, Map<String, Object> results) { }

    private Checkpoint() {
    }

    public static void save(Path dir, EmotionNet net, Map<String, String> provenance, Map<String, Object> results)
            throws IOException {
        NetSpec s = net.spec();
        Normalization n = net.normalization();
        Meta meta = new Meta(s.labels(), s.features().toMetadata(), s.acousticDim(), s.textDim(), s.cnn(), s.conv(), s.fc(),
                s.functionals(), s.textHidden(), s.fusionHidden(), s.dropout(), n.specMean(), n.specStd(), n.acMean(),
                n.acStd(), net.calibration(), net.speakerNorm() == null ? null : net.speakerNorm().toMetadata(),
                provenance, results);
        Files.createDirectories(dir);
        Path paramsTmp = Files.createTempFile(dir, "params", ".tmp");
        Path jsonTmp = Files.createTempFile(dir, "net", ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(paramsTmp)))) {
                net.saveParameters(out);
            }
            JSON.writeValue(jsonTmp.toFile(), meta);
            Files.move(paramsTmp, dir.resolve("params.bin"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(jsonTmp, dir.resolve("net.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(paramsTmp);
            Files.deleteIfExists(jsonTmp);
        }
    }

    public static Meta meta(Path dir) throws IOException {
        Path json = dir.resolve("net.json");
        if (!Files.isRegularFile(json) || !Files.isRegularFile(dir.resolve("params.bin"))) {
            throw new IOException("checkpoint " + dir + " lacks net.json or params.bin (run `./run.sh train` first)");
        }
        return JSON.readValue(json.toFile(), Meta.class);
    }

    public static EmotionNet load(Path dir, NDManager manager) throws IOException {
        Meta m = meta(dir);
        NetSpec spec = new NetSpec(m.labels(), FeatureConfig.fromMetadata(m.features()), m.acousticDim(), m.textDim(),
                m.cnn(), m.conv(), m.fc(), m.functionals(), m.textHidden(), m.fusionHidden(), m.dropout());
        EmotionNet net = new EmotionNet(spec, new Normalization(m.specMean(), m.specStd(), m.acMean(), m.acStd()), manager);
        net.setSpeakerNorm(m.speakerNorm() == null ? null : SpeakerNorm.fromMetadata(m.speakerNorm()));
        if (m.calibration() != null) {
            net.setCalibration(m.calibration());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("params.bin"))))) {
            net.loadParameters(in);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw new IOException("checkpoint " + dir + " is unreadable: " + e.getMessage(), e);
        }
        return net;
    }

    /** Provenance as flat metadata strings for the ONNX file. */
    public static Map<String, String> exportMetadata(Meta m) {
        Map<String, String> out = new LinkedHashMap<>(m.provenance() == null ? Map.of() : m.provenance());
        if (m.results() != null) {
            try {
                out.put("train.results", new ObjectMapper().writeValueAsString(m.results()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
