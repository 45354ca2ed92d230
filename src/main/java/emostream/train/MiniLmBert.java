package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import emostream.text.MiniLmWeights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 as a BERT in DJL's PyTorch engine, its weights loaded from the ONNX initializers
 * ({@link MiniLmWeights}), so the layers can be fine-tuned and written back into the ONNX file the runtime loads.
 * Written out op by op rather than with DJL's {@code BertBlock}, whose GELU, layer-norm epsilon and parameter
 * layout differ from this model's: post-LN, exact erf GELU, epsilon 1e-12, 12 heads of 32, weights [in, out].
 * The word, position and token-type embeddings are looked up in Java (they are never trained here).
 */
final class MiniLmBert implements AutoCloseable {

    private static final int H = MiniLmWeights.HIDDEN;
    private static final int HEADS = MiniLmWeights.HEADS;
    private static final int HEAD_DIM = H / HEADS;
    private static final String[] LINEARS = {"attention.self.query", "attention.self.key", "attention.self.value",
        "attention.output.dense", "intermediate.dense", "output.dense"};
    private static final String[] NORMS = {"attention.output.LayerNorm", "output.LayerNorm"};

    private final NDManager manager;
    private final Map<String, MiniLmWeights.Tensor> original;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final float[] word;
    private final float[] position;
    private final float[] tokenType;

    MiniLmBert(NDManager parent, Map<String, MiniLmWeights.Tensor> weights) {
        this.manager = parent.newSubManager();
        this.original = weights;
        word = weights.get("embeddings.word_embeddings.weight").data();
        position = weights.get("embeddings.position_embeddings.weight").data();
        tokenType = weights.get("embeddings.token_type_embeddings.weight").data();
        put("embeddings.LayerNorm.weight");
        put("embeddings.LayerNorm.bias");
        for (int l = 0; l < MiniLmWeights.LAYERS; l++) {
            for (String n : LINEARS) {
                put(layer(l, n) + ".weight");
                put(layer(l, n) + ".bias");
            }
            for (String n : NORMS) {
                put(layer(l, n) + ".weight");
                put(layer(l, n) + ".bias");
            }
        }
    }

    private void put(String name) {
        MiniLmWeights.Tensor t = original.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the MiniLM model has no weight " + name);
        }
        params.put(name, manager.create(t.data(), new Shape(t.shape())));
    }

    static String layer(int l, String part) {
        return "encoder.layer." + l + "." + part;
    }

    /** The parameters of layers {@code from}..5 (the fine-tuned part), with gradients attached. */
    List<NDArray> trainable(int from) {
        List<NDArray> out = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            if (layerOf(e.getKey()) >= from) {
                e.getValue().setRequiresGradient(true);
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** Layers {@code from}..5's weights under their HuggingFace names (the ONNX patch). */
    Map<String, MiniLmWeights.Tensor> weights(int from) {
        Map<String, MiniLmWeights.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            if (layerOf(e.getKey()) >= from) {
                out.put(e.getKey(), new MiniLmWeights.Tensor(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
            }
        }
        return out;
    }

    List<String> names(int from) {
        return params.keySet().stream().filter(n -> layerOf(n) >= from).toList();
    }

    NDArray param(String name) {
        return params.get(name);
    }

    private static int layerOf(String name) {
        if (!name.startsWith("encoder.layer.")) {
            return -1;
        }
        return Integer.parseInt(name.substring("encoder.layer.".length(), name.indexOf('.', "encoder.layer.".length())));
    }

    /** Embedding-layer output [B,L,384] of padded token ids (row i has {@code lengths[i]} real tokens). */
    NDArray embed(NDManager m, long[][] ids, int len) {
        int b = ids.length;
        float[] x = new float[b * len * H];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < len; t++) {
                long id = t < ids[i].length ? ids[i][t] : 0;
                int off = (i * len + t) * H;
                for (int d = 0; d < H; d++) {
                    x[off + d] = word[(int) id * H + d] + position[t * H + d] + tokenType[d];
                }
            }
        }
        return layerNorm(m.create(x, new Shape(b, len, H)), "embeddings.LayerNorm");
    }

    /** Additive attention mask [B,1,1,L]: 0 on tokens, a large negative on padding. */
    static NDArray maskAdd(NDManager m, long[][] ids, int len) {
        float[] a = new float[ids.length * len];
        for (int i = 0; i < ids.length; i++) {
            for (int t = ids[i].length; t < len; t++) {
                a[i * len + t] = -1e9f;
            }
        }
        return m.create(a, new Shape(ids.length, 1, 1, len));
    }

    /** Layers {@code from}..{@code to-1} applied to {@code x} [B,L,384]. */
    NDArray layers(NDArray x, NDArray maskAdd, int from, int to) {
        for (int l = from; l < to; l++) {
            x = layer(x, maskAdd, l);
        }
        return x;
    }

    private NDArray layer(NDArray x, NDArray maskAdd, int l) {
        long b = x.getShape().get(0);
        long len = x.getShape().get(1);
        NDArray q = heads(linear(x, layer(l, "attention.self.query")), b, len);
        NDArray k = heads(linear(x, layer(l, "attention.self.key")), b, len);
        NDArray v = heads(linear(x, layer(l, "attention.self.value")), b, len);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(HEAD_DIM)).add(maskAdd);
        NDArray ctx = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, len, H);
        NDArray a = layerNorm(linear(ctx, layer(l, "attention.output.dense")).add(x), layer(l, "attention.output.LayerNorm"));
        NDArray h = linear(a, layer(l, "intermediate.dense"));
        h = h.mul(h.div((float) Math.sqrt(2)).erf().add(1f)).mul(0.5f); // exact GELU, as the graph's Erf
        return layerNorm(linear(h, layer(l, "output.dense")).add(a), layer(l, "output.LayerNorm"));
    }

    private NDArray heads(NDArray x, long b, long len) {
        return x.reshape(b, len, HEADS, HEAD_DIM).transpose(0, 2, 1, 3);
    }

    private NDArray linear(NDArray x, String name) {
        return x.matMul(params.get(name + ".weight")).add(params.get(name + ".bias"));
    }

    private NDArray layerNorm(NDArray x, String name) {
        NDArray mu = x.mean(new int[] {-1}, true);
        NDArray c = x.sub(mu);
        NDArray var = c.square().mean(new int[] {-1}, true);
        return c.div(var.add(MiniLmWeights.LAYER_NORM_EPS).sqrt()).mul(params.get(name + ".weight")).add(params.get(name + ".bias"));
    }

    /** The sentence embedding the serving encoder computes: mean over real tokens, L2-normalised. [B,384] */
    static NDArray meanPool(NDManager m, NDArray hidden, long[][] ids, int len) {
        float[] mask = new float[ids.length * len];
        for (int i = 0; i < ids.length; i++) {
            for (int t = 0; t < Math.min(len, ids[i].length); t++) {
                mask[i * len + t] = 1f;
            }
        }
        NDArray w = m.create(mask, new Shape(ids.length, len, 1));
        NDArray mean = hidden.mul(w).sum(new int[] {1}).div(w.sum(new int[] {1}).maximum(1f));
        return mean.div(mean.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f));
    }

    /** Full forward: last hidden state [B,L,384]. */
    NDArray hidden(NDManager m, long[][] ids) {
        int len = 1;
        for (long[] r : ids) {
            len = Math.max(len, r.length);
        }
        return layers(embed(m, ids, len), maskAdd(m, ids, len), 0, MiniLmWeights.LAYERS);
    }

    @Override
    public void close() {
        manager.close();
    }
}
