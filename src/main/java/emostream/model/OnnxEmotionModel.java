package emostream.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import emostream.features.FeatureConfig;
import emostream.features.SpeakerNorm;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fused model in ONNX Runtime. Everything it needs to know (labels, feature config, input sizes) is read from
 * the file's metadata_props, so a model file is self-describing. One shared session; ORT sessions are thread-safe.
 */
public final class OnnxEmotionModel implements EmotionModel {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final ModelInfo info;
    private final int classes;
    private final int acousticDim;
    private final int textDim;
    private final boolean hasAcousticInput;

    private OnnxEmotionModel(OrtSession session, String source) throws OrtException {
        this.session = session;
        Map<String, String> meta = session.getMetadata().getCustomMetadata();
        String labels = meta.get("labels");
        if (labels == null || labels.isBlank()) {
            throw new IllegalArgumentException(source + " is not an emostream model: metadata has no 'labels'");
        }
        List<String> labelList = List.of(labels.split(","));
        FeatureConfig features;
        try {
            features = FeatureConfig.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        for (String in : List.of("spec3d", "text_emb", "text_present")) {
            if (!session.getInputNames().contains(in)) {
                throw new IllegalArgumentException(source + " lacks the model input '" + in + "'");
            }
        }
        for (String out : List.of("fused_probs", "audio_probs", "text_probs")) {
            if (!session.getOutputNames().contains(out)) {
                throw new IllegalArgumentException(source + " lacks the model output '" + out + "'");
            }
        }
        this.classes = labelList.size();
        this.textDim = dim(session.getInputInfo().get("text_emb"), 1);
        this.hasAcousticInput = session.getInputNames().contains("acoustic");
        this.acousticDim = hasAcousticInput ? dim(session.getInputInfo().get("acoustic"), 1) : 0;
        this.info = new ModelInfo(meta.getOrDefault("name", "emostream"), labelList, features, textDim, meta);
        SpeakerNorm speakerNorm;
        try {
            speakerNorm = info.speakerNorm();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        if (speakerNorm != null && (speakerNorm.rows() != 3 * features.melBands() || speakerNorm.acousticDim() != acousticDim)) {
            throw new IllegalArgumentException(source + ": speaker_norm statistics (" + speakerNorm.rows() + " spec rows, "
                    + speakerNorm.acousticDim() + " acoustic) do not match the inputs (" + 3 * features.melBands() + ", " + acousticDim + ")");
        }
    }

    private static int dim(NodeInfo node, int axis) {
        long[] shape = ((TensorInfo) node.getInfo()).getShape();
        return (int) shape[axis];
    }

    /** Loads a model file; a clear message names the file if it is missing or not an emostream model. */
    public static OnnxEmotionModel load(Path file, int threads) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file + " does not exist (train one with `./run.sh train`)");
        }
        try {
            return fromBytes(Files.readAllBytes(file), threads, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    public static OnnxEmotionModel fromBytes(byte[] bytes, int threads, String source) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                opts.setIntraOpNumThreads(threads);
                opts.setInterOpNumThreads(1);
            }
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            emostream.model.OrtMemory.lean(opts);
            OrtSession s = env.createSession(bytes, opts);
            try {
                return new OnnxEmotionModel(s, source);
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("model file " + source + " is not a valid ONNX model: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** Length of the acoustic vector the model expects (0 = mel only). */
    public int acousticDim() {
        return acousticDim;
    }

    @Override
    public List<Prediction> predict(List<ModelInput> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        FeatureConfig fc = info.features();
        int n = batch.size();
        boolean usesSpec = info.usesSpec3d();
        // a model without the CNN still has the spec3d input; it gets one zero frame per window
        int specFrames = usesSpec ? fc.frames() : 1;
        int specLen = 3 * fc.melBands() * specFrames;
        float[] spec = new float[n * specLen];
        float[] acoustic = new float[n * Math.max(acousticDim, 1)];
        float[] text = new float[n * textDim];
        float[] present = new float[n];
        for (int i = 0; i < n; i++) {
            ModelInput in = batch.get(i);
            if (usesSpec) {
                if (in.spec3d().length != specLen) {
                    throw new IllegalArgumentException("spec3d has " + in.spec3d().length + " values, model "
                            + info.name() + " expects " + specLen + " (3 x " + fc.melBands() + " x " + fc.frames() + ")");
                }
                System.arraycopy(in.spec3d(), 0, spec, i * specLen, specLen);
            }
            if (acousticDim > 0) {
                if (in.acoustic().length != acousticDim) {
                    throw new IllegalArgumentException("acoustic vector has " + in.acoustic().length
                            + " values, model expects " + acousticDim);
                }
                System.arraycopy(in.acoustic(), 0, acoustic, i * acousticDim, acousticDim);
            }
            if (in.hasText()) {
                if (in.textEmbedding().length != textDim) {
                    throw new IllegalArgumentException("text embedding has " + in.textEmbedding().length
                            + " values, model expects " + textDim);
                }
                System.arraycopy(in.textEmbedding(), 0, text, i * textDim, textDim);
                present[i] = 1f;
            }
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("spec3d", OnnxTensor.createTensor(env, FloatBuffer.wrap(spec), new long[] {n, 3, fc.melBands(), specFrames}));
            if (hasAcousticInput) {
                inputs.put("acoustic", OnnxTensor.createTensor(env, FloatBuffer.wrap(acoustic, 0, n * acousticDim), new long[] {n, acousticDim}));
            }
            inputs.put("text_emb", OnnxTensor.createTensor(env, FloatBuffer.wrap(text), new long[] {n, textDim}));
            inputs.put("text_present", OnnxTensor.createTensor(env, FloatBuffer.wrap(present), new long[] {n, 1}));
            try (OrtSession.Result r = session.run(inputs, java.util.Set.of("fused_probs", "audio_probs", "text_probs"))) {
                float[] fused = flat(r, "fused_probs");
                float[] audio = flat(r, "audio_probs");
                float[] textP = flat(r, "text_probs");
                List<Prediction> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int from = i * classes;
                    int to = from + classes;
                    out.add(new Prediction(Arrays.copyOfRange(fused, from, to), Arrays.copyOfRange(audio, from, to),
                            present[i] > 0 ? Arrays.copyOfRange(textP, from, to) : null));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("model " + info.name() + " failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** All named outputs as flat arrays (parity tests, audio features). */
    public Map<String, float[]> run(Map<String, float[]> flatInputs, int n) {
        FeatureConfig fc = info.features();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (Map.Entry<String, float[]> e : flatInputs.entrySet()) {
                long[] shape = switch (e.getKey()) {
                    case "spec3d" -> new long[] {n, 3, fc.melBands(), e.getValue().length / n / 3 / fc.melBands()};
                    default -> new long[] {n, e.getValue().length / n};
                };
                inputs.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue()), shape));
            }
            try (OrtSession.Result r = session.run(inputs)) {
                Map<String, float[]> out = new HashMap<>();
                for (String name : session.getOutputNames()) {
                    out.put(name, flat(r, name));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("model " + info.name() + " failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] flat(OrtSession.Result r, String name) {
        OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow();
        FloatBuffer b = t.getFloatBuffer();
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // already closed
        }
    }
}
