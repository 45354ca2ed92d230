package emostream.text;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The all-MiniLM-L6-v2 weights as the ONNX file of the langchain4j artifact holds them, under their HuggingFace
 * names. The exporter stored the six matrices of each layer as anonymous {@code onnx::MatMul_N} initializers,
 * already transposed to [in, out]; their names are recovered from the MatMul node that reads them
 * ({@code /encoder/layer.3/attention/self/query/MatMul} → {@code encoder.layer.3.attention.self.query.weight}).
 *
 * <p>Architecture facts read from the graph (and checked by the parity test against ONNX Runtime): post-LN BERT,
 * 6 layers, hidden 384, 12 heads of 32, FFN 1536 with exact (erf) GELU, layer-norm epsilon 1e-12, learned absolute
 * positions 0..L-1, token-type embeddings (all type 0 here), additive attention mask of float-min on padding.
 */
public final class MiniLmWeights {

    public static final int LAYERS = 6;
    public static final int HIDDEN = 384;
    public static final int HEADS = 12;
    public static final int FFN = 1536;
    public static final float LAYER_NORM_EPS = 1e-12f;

    /** One weight: shape and row-major values. */
    public record Tensor(long[] shape, float[] data) { }

    private MiniLmWeights() {
    }

    /** The original model's bytes: the file the build unpacked, else the class-path copy. */
    public static byte[] originalModel(Path file) {
        try {
            if (file != null && Files.isRegularFile(file)) {
                return Files.readAllBytes(file);
            }
            try (InputStream in = MiniLmEncoder.class.getResourceAsStream(MiniLmEncoder.MODEL_RESOURCE)) {
                if (in == null) {
                    throw new IOException(MiniLmEncoder.MODEL_RESOURCE + " is not on the class path");
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MiniLM model: " + e.getMessage(), e);
        }
    }

    /** Every float initializer by its HuggingFace name. */
    public static Map<String, Tensor> read(byte[] onnx) {
        OnnxMl.GraphProto g = parse(onnx).getGraph();
        Map<String, String> names = hfNames(g);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
                continue;
            }
            long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            out.put(names.getOrDefault(t.getName(), t.getName()), new Tensor(shape, floats(t)));
        }
        return out;
    }

    /** The model with some initializers (HuggingFace names) replaced; shapes must match. */
    public static byte[] patch(byte[] onnx, Map<String, Tensor> replace) {
        OnnxMl.ModelProto m = parse(onnx);
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        Map<String, String> names = hfNames(m.getGraph());
        int done = 0;
        for (int i = 0; i < g.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = g.getInitializer(i);
            Tensor r = replace.get(names.getOrDefault(t.getName(), t.getName()));
            if (r == null) {
                continue;
            }
            long n = 1;
            for (long d : t.getDimsList()) {
                n *= d;
            }
            if (n != r.data().length) {
                throw new IllegalArgumentException("patch of " + t.getName() + ": " + r.data().length + " values for " + n);
            }
            ByteBuffer b = ByteBuffer.allocate(r.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(r.data());
            g.setInitializer(i, t.toBuilder().clearFloatData().setRawData(ByteString.copyFrom(b.array())).build());
            done++;
        }
        if (done != replace.size()) {
            throw new IllegalArgumentException("patch names " + replace.size() + " weights, the model has " + done + " of them");
        }
        return m.toBuilder().setGraph(g).build().toByteArray();
    }

    /** Metadata key of a delta file: the model it patches. */
    public static final String DELTA_OF = "emostream.delta_of";
    /** Metadata key of a delta file: the id of the encoder it makes ({@link TextEncoder#id()}). */
    public static final String DELTA_ID = "emostream.encoder_id";
    static final String BASE = "all-minilm-l6-v2";

    /**
     * A delta file: only the changed weights, as float16 initializers under their HuggingFace names in an ONNX
     * container (not a runnable graph), with the base it patches in its metadata. Two fine-tuned layers take 7 MB.
     */
    public static byte[] delta(Map<String, Tensor> weights, String encoderId) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("minilm-delta");
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            float[] f = e.getValue().data();
            ByteBuffer b = ByteBuffer.allocate(f.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : f) {
                b.putShort(toHalf(v));
            }
            OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(e.getKey())
                    .setDataType(OnnxMl.TensorProto.DataType.FLOAT16.getNumber()).setRawData(ByteString.copyFrom(b.array()));
            for (long d : e.getValue().shape()) {
                t.addDims(d);
            }
            g.addInitializer(t);
        }
        return OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("emostream").setGraph(g)
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(DELTA_OF).setValue(BASE))
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(DELTA_ID).setValue(encoderId))
                .build().toByteArray();
    }

    /** A delta file read back: its weights (float32) and the encoder id; null when the bytes are not a delta. */
    public static Map.Entry<String, Map<String, Tensor>> readDelta(byte[] bytes) {
        OnnxMl.ModelProto m;
        try {
            m = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
        String base = null;
        String id = null;
        for (OnnxMl.StringStringEntryProto p : m.getMetadataPropsList()) {
            if (p.getKey().equals(DELTA_OF)) {
                base = p.getValue();
            } else if (p.getKey().equals(DELTA_ID)) {
                id = p.getValue();
            }
        }
        if (!BASE.equals(base) || id == null) {
            return null;
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : m.getGraph().getInitializerList()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 2];
            for (int i = 0; i < f.length; i++) {
                f[i] = fromHalf(b.getShort());
            }
            out.put(t.getName(), new Tensor(t.getDimsList().stream().mapToLong(Long::longValue).toArray(), f));
        }
        return Map.entry(id, out);
    }

    /** float32 → IEEE half, round to nearest even (Java 17 has no Float.floatToFloat16). */
    static short toHalf(float v) {
        int bits = Float.floatToIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (exp >= 31) {
            return (short) (sign | 0x7c00 | (((bits >>> 23) & 0xff) == 0xff && mant != 0 ? 0x200 : 0));
        }
        if (exp <= 0) {
            if (exp < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - exp;
            int half = mant >> shift;
            int rem = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (exp << 10) | (mant >> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    static float fromHalf(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            float f = mant * 0x1p-24f;
            return sign == 0 ? f : -f;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** The model with one more graph output: an intermediate value, e.g. a layer's output (training caches). */
    public static byte[] withOutput(byte[] onnx, String valueName) {
        OnnxMl.ModelProto m = parse(onnx);
        OnnxMl.ValueInfoProto v = OnnxMl.ValueInfoProto.newBuilder().setName(valueName)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()))).build();
        return m.toBuilder().setGraph(m.getGraph().toBuilder().addOutput(v)).build().toByteArray();
    }

    /** The graph value that is layer {@code i}'s output (0-based). */
    public static String layerOutput(int i) {
        return "/encoder/layer." + i + "/output/LayerNorm/Add_1_output_0";
    }

    private static OnnxMl.ModelProto parse(byte[] onnx) {
        try {
            return OnnxMl.ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    /** onnx::MatMul_N → the HuggingFace name of the Linear weight the MatMul node applies. */
    private static Map<String, String> hfNames(OnnxMl.GraphProto g) {
        Map<String, String> out = new LinkedHashMap<>();
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("MatMul") && n.getInputCount() == 2 && n.getInput(1).startsWith("onnx::MatMul")
                    && n.getName().endsWith("/MatMul")) {
                String path = n.getName().substring(1, n.getName().length() - "/MatMul".length());
                out.put(n.getInput(1), path.replace('/', '.') + ".weight");
            }
        }
        return out;
    }

    private static float[] floats(OnnxMl.TensorProto t) {
        if (t.getFloatDataCount() > 0) {
            float[] f = new float[t.getFloatDataCount()];
            for (int i = 0; i < f.length; i++) {
                f[i] = t.getFloatData(i);
            }
            return f;
        }
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }
}
