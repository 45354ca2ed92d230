package emostream.text;

import java.util.ArrayList;
import java.util.List;

/** Turns a transcript into a fixed-size embedding (the BERT branch). Thread-safe. */
public interface TextEncoder extends AutoCloseable {

    int dimension();

    /** What the embeddings are (encoder, weights, pooling): cached embeddings are keyed by it. */
    default String id() {
        return getClass().getName();
    }

    float[] encode(String text);

    default List<float[]> encodeAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(encode(t));
        }
        return out;
    }

    @Override
    void close();
}
