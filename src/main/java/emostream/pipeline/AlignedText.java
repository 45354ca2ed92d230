package emostream.pipeline;

import emostream.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Word-aligned window text ({@code text.window.aligned}): a window's text input is the words whose recogniser times
 * fall inside the window widened by some context on each side, from the final results and the open utterance's
 * partial words, rather than the whole utterance that overlaps it most. So the windows of one long utterance can
 * differ in what the words contribute ("... happy to see you all ... but very angry that ...").
 * <p>
 * Each window may have its own text, so each is encoded on its own; adjacent windows often share theirs, and a
 * window's text is asked for again at every revision, so encodings are kept in a small cache. Encoding happens on the
 * recognition worker (never on the audio path): until its text is encoded a window goes out from its audio.
 */
final class AlignedText {

    private static final Logger log = LoggerFactory.getLogger(AlignedText.class);
    private static final int CACHE = 256;

    private final TextEncoder encoder;
    private final long contextMs;
    private final PipelineMetrics metrics;
    private final Map<String, float[]> cache = new LinkedHashMap<>(CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE;
        }
    };

    AlignedText(TextEncoder encoder, long contextMs, PipelineMetrics metrics) {
        this.encoder = encoder;
        this.contextMs = contextMs;
        this.metrics = metrics;
    }

    /** The words around [startMs, endMs) in {@code track}, with their encoding when it is cached; null without words. */
    TextTrack.Entry forWindow(TextTrack track, long startMs, long endMs) {
        TextTrack.Entry words = track.words(startMs - contextMs, endMs + contextMs);
        if (words == null) {
            return null;
        }
        float[] known;
        synchronized (cache) {
            known = cache.get(words.text());
        }
        return known == null ? words : words.withEmbedding(known);
    }

    /** {@code e} with its embedding, encoding it now when needed; null embedding when the encoder failed. */
    TextTrack.Entry encoded(String stream, TextTrack.Entry e) {
        if (e == null || e.embedding() != null) {
            return e;
        }
        long t0 = System.nanoTime();
        try {
            float[] v = encoder.encode(e.text());
            synchronized (cache) {
                cache.put(e.text(), v);
            }
            return e.withEmbedding(v);
        } catch (RuntimeException ex) {
            log.warn("stream {}: text encoder failed on \"{}\" ({}); its window uses audio only", stream, e.text(),
                    ex.toString());
            return e;
        } finally {
            metrics.encodeSeconds.observe((System.nanoTime() - t0) / 1e9);
        }
    }
}
