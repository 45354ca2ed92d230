package emostream.train;

import emostream.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Sentence embeddings of a list of texts with the serving encoder, cached under {@code dir/text-<hash>.bin}
 * (hash of the encoder id and every text), so MELD and GoEmotions are embedded once.
 */
final class TextEmbeddings {

    private static final Logger LOG = LoggerFactory.getLogger(TextEmbeddings.class);
    private static final int CHUNK = 64;

    private TextEmbeddings() {
    }

    static float[][] embed(String name, List<String> texts, TextEncoder encoder, Path cacheDir) throws IOException {
        StringBuilder key = new StringBuilder(encoder.id());
        for (String t : texts) {
            key.append('\n').append(t);
        }
        Path file = cacheDir.resolve("text-" + FeatureCache.hash(key.toString()).substring(0, 16) + ".bin");
        if (Files.isRegularFile(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                int n = in.readInt();
                int d = in.readInt();
                if (n == texts.size()) {
                    float[][] out = new float[n][d];
                    for (int i = 0; i < n; i++) {
                        for (int k = 0; k < d; k++) {
                            out[i][k] = in.readFloat();
                        }
                    }
                    LOG.info("{}: {} text embeddings from cache", name, n);
                    return out;
                }
            } catch (IOException e) {
                LOG.warn("text cache {} unreadable ({}); recomputing", file, e.getMessage());
            }
        }
        long t0 = System.nanoTime();
        float[][] out = new float[texts.size()][];
        Progress bar = new Progress("embed " + name, texts.size());
        for (int from = 0; from < texts.size(); from += CHUNK) {
            List<float[]> part = encoder.encodeAll(texts.subList(from, Math.min(texts.size(), from + CHUNK)));
            for (int i = 0; i < part.size(); i++) {
                out[from + i] = part.get(i);
            }
            bar.step(Math.min(texts.size(), from + CHUNK), "");
        }
        LOG.info("{}: embedded {} texts in {} s", name, texts.size(), Math.round((System.nanoTime() - t0) / 1e9));
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempFile(cacheDir, "text", ".tmp");
        try {
            try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                o.writeInt(out.length);
                o.writeInt(out.length == 0 ? 0 : out[0].length);
                for (float[] v : out) {
                    for (float f : v) {
                        o.writeFloat(f);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }
}
