package emostream.text;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real MiniLM ONNX and real tokenizer. */
class MiniLmEncoderTest {

    static MiniLmEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = new MiniLmEncoder(1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static double cos(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s; // both are unit vectors
    }

    @Test
    void theUnpackedFileEncodesLikeTheJarCopy() {
        // the build unpacks the encoder to target/minilm (text.encoder.model) for faster start-up
        java.nio.file.Path file = java.nio.file.Path.of("target/minilm/all-minilm-l6-v2.onnx");
        assertTrue(java.nio.file.Files.isRegularFile(file), "the build unpacks " + file);
        try (MiniLmEncoder fromFile = new MiniLmEncoder(1, file)) {
            String s = "why did you leave the door open again";
            assertArrayEquals(encoder.encode(s), fromFile.encode(s), 1e-6f);
        }
        try (MiniLmEncoder fallback = new MiniLmEncoder(1, java.nio.file.Path.of("no/such/file.onnx"))) {
            assertEquals(MiniLmEncoder.DIMENSION, fallback.encode("hello").length);
        }
    }

    @Test
    void embeddingsAre384dUnitVectors() {
        float[] v = encoder.encode("I am so happy to see you");
        assertEquals(384, v.length);
        assertEquals(384, encoder.dimension());
        double n = Math.sqrt(cos(v, v));
        assertEquals(1.0, n, 1e-4);
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        float[] a = encoder.encode("I am furious, this is outrageous!");
        float[] b = encoder.encode("I'm so angry about this, it's unacceptable.");
        float[] c = encoder.encode("The train leaves from platform four at noon.");
        assertTrue(cos(a, b) > cos(a, c) + 0.2, "similar " + cos(a, b) + " vs unrelated " + cos(a, c));
    }

    @Test
    void batchEqualsSingleDespitePadding() {
        List<String> texts = List.of("hi", "what a wonderful surprise, thank you all so much", "ok");
        List<float[]> batch = encoder.encodeAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(encoder.encode(texts.get(i)), batch.get(i), 1e-4f, texts.get(i));
        }
    }

    @Test
    void threadSafe() throws Exception {
        float[] expected = encoder.encode("leave me alone");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                fs.add(pool.submit(() -> encoder.encode("leave me alone")));
            }
            for (Future<float[]> f : fs) {
                assertArrayEquals(expected, f.get(), 1e-5f);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void emptyOrUntokenisableTextIsRefusedWithAReasonAndTrainingStillEmbedsIt() {
        for (String bad : List.of("", "   ", "?!...", "\uD83D\uDE00\uD83D\uDE21", "\u2603\u2603")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> encoder.encode(bad), "'" + bad + "'");
            assertTrue(e.getMessage().startsWith("no "), e.getMessage());
        }
        assertEquals(2, encoder.encodeAll(List.of("", "?!")).size());
    }

    @Test
    void veryLongTextIsTruncatedNotRejected() {
        String longText = "again and again ".repeat(400);
        assertEquals(384, encoder.encode(longText).length);
    }
}
