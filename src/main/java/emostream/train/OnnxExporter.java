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
 * [N,3,mel,frames] (frames free), {@code acoustic} [N,K] (only when K &gt; 0), {@code text_emb} [N,384],
 * {@code text_present} [N,1]; outputs {@code fused_probs}, {@code audio_probs}, {@code text_probs} [N,C] and
 * {@code audio_features} [N,F]. Normalisation statistics are initializers; batch norm is folded into the convs.
 */
public final class OnnxExporter {

    public static final int OPSET = 13;
    public static final String TEXT_ENCODER_KEY = "text_encoder";

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("emostream");
    private int counter;
    private String poolEps;

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
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", "emostream-fused-v1");
        m.put("labels", String.join(",", spec.labels()));
        m.putAll(spec.features().toMetadata());
        m.put("text_dim", Integer.toString(spec.textDim()));
        m.put("acoustic_dim", Integer.toString(spec.acousticDim()));
        m.put("audio_feature_dim", Integer.toString(spec.audioFeatureDim()));
        m.put("architecture", "alexnet-spec3d conv=" + join(spec.conv()) + " fc=" + join(spec.fc())
                + " text_hidden=" + spec.textHidden() + " window_mean_norm=time time_pool=global-max"
                + (spec.statsPool() ? " stats_pool=mean,std cepstra=" + spec.cepstra() : "") + (spec.wide() ? " wide=stats+acoustic" : "") + " fusion=linear");
        if (net.speakerNorm() != null) {
            m.putAll(net.speakerNorm().toMetadata());
        }
        m.putAll(extra);
        return m;
    }

    private static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : "x").append(a[i]);
        }
        return sb.toString();
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

        graph.addInput(valueInfo("spec3d", "N", 3, mel, "frames"));
        if (spec.acousticDim() > 0) {
            graph.addInput(valueInfo("acoustic", "N", spec.acousticDim()));
        }
        graph.addInput(valueInfo("text_emb", "N", spec.textDim()));
        graph.addInput(valueInfo("text_present", "N", 1));

        // audio CNN
        String centred = node("Sub", List.of("spec3d", init("spec_mean", norm.specMean(), 1, 3, mel, 1)));
        String scaled = node("Div", List.of(centred, init("spec_std", norm.specStd(), 1, 3, mel, 1)));
        String timeMean = node("ReduceMean", List.of(scaled), ints("axes", 3), intAttr("keepdims", 1));
        String x = node("Sub", List.of(scaled, timeMean));
        String stats = spec.statsPool() ? pooled(net, timeMean, x) : null;
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
        if (stats != null) {
            x = node("Concat", List.of(x, stats), intAttr("axis", 1));
        }
        String ac = null;
        if (spec.acousticDim() > 0) {
            ac = node("Div", List.of(node("Sub", List.of("acoustic",
                    init("acoustic_mean", norm.acMean(), 1, spec.acousticDim()))), init("acoustic_std", norm.acStd(), 1, spec.acousticDim())));
            x = node("Concat", List.of(x, ac), intAttr("axis", 1));
        }
        x = node("Relu", List.of(gemm(net.fc1, "fc1", x)));
        graph.addNode(NodeProto.newBuilder().setOpType("Relu").addInput(gemm(net.fc2, "fc2", x)).addOutput("audio_features"));
        String logits = gemm(net.audioOut, "audio_out", "audio_features");
        if (net.wide != null) {
            String w = ac == null ? stats : node("Concat", List.of(stats, ac), intAttr("axis", 1));
            logits = node("Add", List.of(logits, gemm(net.wide, "wide", w)));
        }
        softmax(logits, "audio_probs");

        // text head
        String t = node("Relu", List.of(gemm(net.text1, "text1", "text_emb")));
        softmax(gemm(net.text2, "text2", t), "text_probs");

        // fusion, falling back to the audio head when text_present = 0
        String masked = node("Mul", List.of("text_emb", "text_present"));
        String fusionProbs = node("Softmax", List.of(gemm(net.fusion, "fusion",
                node("Concat", List.of("audio_features", masked), intAttr("axis", 1)))), intAttr("axis", 1));
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

    /** The standardised pooled statistics, as {@link EmotionNet#audio} computes them. */
    private String pooled(EmotionNet net, String timeMean, String centred) {
        NetSpec spec = net.spec();
        int mel = spec.features().melBands();
        int c = spec.cepstra();
        List<String> parts = new java.util.ArrayList<>();
        parts.add(node("Flatten", List.of(timeMean), intAttr("axis", 1)));
        parts.add(node("Flatten", List.of(std(centred)), intAttr("axis", 1)));
        if (c > 0) {
            String d = init("dct", EmotionNet.dctMatrix(c, mel), c, mel);
            parts.add(node("Flatten", List.of(node("MatMul", List.of(d, timeMean))), intAttr("axis", 1)));
            parts.add(node("Flatten", List.of(std(node("MatMul", List.of(d, centred)))), intAttr("axis", 1)));
        }
        String raw = node("Concat", parts, intAttr("axis", 1));
        Normalization n = net.normalization();
        return node("Div", List.of(node("Sub", List.of(raw, init("pool_mean", n.poolMean(), 1, n.poolMean().length))),
                init("pool_std", n.poolStd(), 1, n.poolStd().length)));
    }

    /** sqrt(mean over time of x² + ε) of a tensor already centred over time: its std per row, [N,3,rows]. */
    private String std(String centred) {
        String meanSquare = node("ReduceMean", List.of(node("Mul", List.of(centred, centred))), ints("axes", 3),
                intAttr("keepdims", 0));
        if (poolEps == null) {
            poolEps = init("pool_eps", new float[] {EmotionNet.POOL_EPS});
        }
        return node("Sqrt", List.of(node("Add", List.of(meanSquare, poolEps))));
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
