package emostream.train;

import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link EmotionNet} as one ONNX graph (opset 13) following the model contract: inputs {@code spec3d}
 * [N,3,mel,frames] (frames free; unused by a model without the CNN), {@code acoustic} [N,K] (only when K &gt; 0),
 * {@code text_emb} [N,384], {@code text_present} [N,1]; outputs {@code fused_probs}, {@code audio_probs},
 * {@code text_probs} [N,C] and {@code audio_features} [N,F]. Normalisation statistics and the calibration are
 * initializers; batch norm is folded into the convs.
 */
public final class OnnxExporter {

    public static final int OPSET = 13;
    public static final String TEXT_ENCODER_KEY = "text_encoder";

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("emostream");
    private int counter;

    private OnnxExporter() {
    }

    /** The model as ONNX bytes. {@code metadata} adds provenance (name, training data, results...). */
    public static byte[] toBytes(EmotionNet net, Map<String, String> metadata) {
        OnnxExporter ex = new OnnxExporter();
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("emostream")
                .setModelVersion(1)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(ex.build(net));
        for (Map.Entry<String, String> e : metadata(net, metadata).entrySet()) {
            model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return model.build().toByteArray();
    }

    /** Metadata the runtime needs ({@code labels}, {@code feature.*}, dimensions) plus the caller's entries. */
    public static Map<String, String> metadata(EmotionNet net, Map<String, String> extra) {
        NetSpec spec = net.spec();
        Calibration c = net.calibration();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", "emostream-fused-v3.1");
        m.put("labels", String.join(",", spec.labels()));
        m.putAll(spec.features().toMetadata());
        m.put("text_dim", Integer.toString(spec.textDim()));
        m.put("acoustic_dim", Integer.toString(spec.acousticDim()));
        m.put("audio_feature_dim", Integer.toString(spec.audioFeatureDim()));
        m.put("architecture", spec.architecture());
        m.put(emostream.model.ModelInfo.AUDIO_BRANCHES, (spec.functionals() ? "functionals" : "")
                + (spec.functionals() && spec.cnn() ? "," : "") + (spec.cnn() ? "cnn" : ""));
        m.put("calibration", "functional_scale=" + c.functionalScale() + " cnn_scale=" + c.cnnScale() + " text_scale="
                + c.textScale());
        if (net.speakerNorm() != null) {
            m.putAll(net.speakerNorm().toMetadata());
        }
        m.putAll(extra);
        return m;
    }

    /** Writes atomically: a temp file beside the target, then a move, so no reader sees half a model. */
    public static void write(EmotionNet net, Map<String, String> metadata, Path target) throws IOException {
        byte[] bytes = toBytes(net, metadata);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(bytes);
            }
            try {
                // a temp file is owner-only; a model file is read by whoever runs the detector
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private GraphProto build(EmotionNet net) {
        NetSpec spec = net.spec();
        int mel = spec.features().melBands();
        int c = spec.classes();
        Normalization norm = net.normalization();
        Calibration cal = net.calibration();

        graph.addInput(valueInfo("spec3d", "N", 3, mel, "frames"));
        if (spec.acousticDim() > 0) {
            graph.addInput(valueInfo("acoustic", "N", spec.acousticDim()));
        }
        graph.addInput(valueInfo("text_emb", "N", spec.textDim()));
        graph.addInput(valueInfo("text_present", "N", 1));

        String logits = null;
        String acNorm = null;
        if (spec.acousticDim() > 0) {
            acNorm = node("Div", List.of(node("Sub", List.of("acoustic",
                    init("acoustic_mean", norm.acMean(), 1, spec.acousticDim()))), init("acoustic_std", norm.acStd(), 1, spec.acousticDim())));
        }
        if (spec.functionals()) {
            logits = scale(gemm(net.functionalsOut, "functionals_out", acNorm), "functional_scale", cal.functionalScale());
        }
        String features = acNorm;
        if (spec.cnn()) {
            features = cnn(net);
            String cnnLogits = scale(gemm(net.cnnOut, "cnn_out", features), "cnn_scale", cal.cnnScale());
            logits = logits == null ? cnnLogits : node("Add", List.of(logits, cnnLogits));
        }
        logits = node("Add", List.of(logits, init("audio_bias", cal.audioBias(), 1, c)));
        softmax(logits, "audio_probs");
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").addInput(features).addOutput("audio_features"));

        // text head, calibrated
        String t = node("Relu", List.of(gemm(net.text1, "text1", "text_emb")));
        String textLogits = scale(gemm(net.text2, "text2", t), "text_scale", cal.textScale());
        softmax(textLogits, "text_probs");

        // fusion over the calibrated log-probabilities, falling back to the audio head when text_present = 0
        String la = node("LogSoftmax", List.of(logits), intAttr("axis", 1));
        String lt = node("LogSoftmax", List.of(textLogits), intAttr("axis", 1));
        String h = node("Relu", List.of(gemm(net.fusion1, "fusion1", node("Concat", List.of(la, lt), intAttr("axis", 1)))));
        String correction = gemm(net.fusion2, "fusion2", h);
        String gate = textGate(net, node("Exp", List.of(lt)));
        String fused = node("Add", List.of(either(net, la, lt, gate),
                gate == null ? correction : node("Mul", List.of(correction, gate))));
        String fusionProbs = node("Softmax", List.of(fused), intAttr("axis", 1));
        String absent = node("Sub", List.of(init("one", new float[] {1f}), "text_present"));
        graph.addNode(NodeProto.newBuilder().setOpType("Add")
                .addInput(node("Mul", List.of(fusionProbs, "text_present")))
                .addInput(node("Mul", List.of("audio_probs", absent)))
                .addOutput("fused_probs"));

        graph.addOutput(valueInfo("fused_probs", "N", c));
        graph.addOutput(valueInfo("audio_probs", "N", c));
        graph.addOutput(valueInfo("text_probs", "N", c));
        graph.addOutput(valueInfo("audio_features", "N", spec.audioFeatureDim()));
        return graph.build();
    }

    /** The text's weight as evidence [N,1], as {@link EmotionNet#textGate} computes it; null without a gate. */
    private String textGate(EmotionNet net, String textProbs) {
        Calibration cal = net.calibration();
        if (!cal.textGated() || !net.spec().labels().contains("neutral")) {
            return null;
        }
        String mask = init("text_gate_mask", net.emotionMask(), 1, net.spec().classes());
        String surest = node("ReduceMax", List.of(node("Mul", List.of(textProbs, mask))), ints("axes", 1), intAttr("keepdims", 1));
        return node("Clip", List.of(node("Div", List.of(node("Sub", List.of(surest,
                        init("text_gate_from", new float[] {cal.textGateFrom()}, 1))),
                        init("text_gate_width", new float[] {cal.textGateTo() - cal.textGateFrom()}, 1))),
                init("text_gate_zero", new float[] {0f}), init("text_gate_one", new float[] {1f})));
    }

    /** log either(p_audio, p_text), as {@link EmotionNet#either} computes it; {@code gate} may be null. */
    private String either(EmotionNet net, String la, String lt, String gate) {
        int c = net.spec().classes();
        String a = node("Exp", List.of(la));
        String t = node("Exp", List.of(lt));
        String oneHot = init("fusion_neutral_onehot", net.neutralOneHot(), c, 1);
        String mask = init("fusion_emotion_mask", net.emotionMask(), 1, c);
        if (gate != null) {
            String notG = node("Sub", List.of("text_gate_one", gate));
            t = node("Add", List.of(node("Mul", List.of(t, gate)),
                    node("Mul", List.of(init("fusion_neutral_row", net.neutralOneHot(), 1, c), notG))));
        }
        String an = node("MatMul", List.of(a, oneHot));
        String tn = node("MatMul", List.of(t, oneHot));
        String cross = node("Add", List.of(node("Mul", List.of(a, tn)), node("Mul", List.of(t, an))));
        String q = node("Add", List.of(node("Mul", List.of(a, t)), node("Mul", List.of(cross, mask))));
        return node("Log", List.of(node("Max", List.of(q, init("fusion_floor", new float[] {EmotionNet.EITHER_FLOOR}, 1)))));
    }

    /** The CNN branch up to its features (fc2 after ReLU), as {@link EmotionNet#cnn} computes it. */
    private String cnn(EmotionNet net) {
        int mel = net.spec().features().melBands();
        Normalization norm = net.normalization();
        String centred = node("Sub", List.of("spec3d", init("spec_mean", norm.specMean(), 1, 3, mel, 1)));
        String scaled = node("Div", List.of(centred, init("spec_std", norm.specStd(), 1, 3, mel, 1)));
        String timeMean = node("ReduceMean", List.of(scaled), ints("axes", 3), intAttr("keepdims", 1));
        String x = node("Sub", List.of(scaled, timeMean));
        for (int i = 0; i < 5; i++) {
            float[][] wb = foldBatchNorm(net.convs[i], net.bns[i]);
            long[] ws = EmotionNet.shape(net.convs[i], "weight");
            int k = EmotionNet.KERNELS[i][0];
            int s = EmotionNet.KERNELS[i][1];
            int p = EmotionNet.KERNELS[i][2];
            x = node("Conv", List.of(x, init("conv" + (i + 1) + "_w", wb[0], ws), init("conv" + (i + 1) + "_b", wb[1], ws[0])),
                    ints("kernel_shape", k, k), ints("strides", s, s), ints("pads", p, p, p, p));
            x = node("Relu", List.of(x));
            if (i < 2) {
                x = node("MaxPool", List.of(x), ints("kernel_shape", EmotionNet.POOL, EmotionNet.POOL),
                        ints("strides", EmotionNet.POOL_STRIDE, EmotionNet.POOL_STRIDE));
            }
        }
        x = node("ReduceMax", List.of(x), ints("axes", 3), intAttr("keepdims", 0)); // global max over time
        x = node("Flatten", List.of(x), intAttr("axis", 1));
        x = node("Relu", List.of(gemm(net.fc1, "fc1", x)));
        return node("Relu", List.of(gemm(net.fc2, "fc2", x)));
    }

    private String scale(String x, String name, float factor) {
        return node("Mul", List.of(x, init(name, new float[] {factor})));
    }

    /** Conv weight and bias with inference-mode batch norm folded in: w·γ/√(σ²+ε), β − μ·γ/√(σ²+ε). */
    static float[][] foldBatchNorm(Block conv, Block bn) {
        float[] w = EmotionNet.values(conv, "weight");
        float[] gamma = EmotionNet.values(bn, "gamma");
        float[] beta = EmotionNet.values(bn, "beta");
        float[] mean = EmotionNet.values(bn, "runningMean");
        float[] var = EmotionNet.values(bn, "runningVar");
        int out = gamma.length;
        int per = w.length / out;
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            double scale = gamma[o] / Math.sqrt(var[o] + EmotionNet.BN_EPS);
            for (int i = 0; i < per; i++) {
                w[o * per + i] = (float) (w[o * per + i] * scale);
            }
            b[o] = (float) (beta[o] - mean[o] * scale);
        }
        return new float[][] {w, b};
    }

    private String gemm(Block linear, String name, String input) {
        String w = init(name + "_w", EmotionNet.values(linear, "weight"), EmotionNet.shape(linear, "weight"));
        String b = init(name + "_b", EmotionNet.values(linear, "bias"), EmotionNet.shape(linear, "bias"));
        return node("Gemm", List.of(input, w, b), intAttr("transB", 1));
    }

    private void softmax(String input, String output) {
        graph.addNode(NodeProto.newBuilder().setOpType("Softmax").addInput(input).addOutput(output)
                .addAttribute(intAttr("axis", 1)));
    }

    private String node(String op, List<String> inputs, AttributeProto... attrs) {
        String out = op.toLowerCase() + "_" + (++counter);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    private String init(String name, float[] values, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(buf.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    /** A float tensor type; each dim is an Integer (fixed) or a String (named, free). */
    private static ValueInfoProto valueInfo(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer i) {
                dim.setDimValue(i);
            } else {
                dim.setDimParam((String) d);
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }
}
