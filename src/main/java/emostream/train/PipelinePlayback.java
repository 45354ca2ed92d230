package emostream.train;

import emostream.audio.AudioFiles;
import emostream.audio.noise.Degradation;
import emostream.config.Config;
import emostream.pipeline.Detector;
import emostream.pipeline.Engine;
import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.TranscriptEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays labelled clips through the serving pipeline, each clip its own stream as {@code run --file} would, and keeps
 * what the detector published: the windows' last events (a revision replaces its window's earlier event) and the
 * final transcripts. Evaluations that must include what training paths skip (the voice gate, Vosk, the text head,
 * the fusion, revisions) score these events.
 */
final class PipelinePlayback {

    private static final Logger LOG = LoggerFactory.getLogger(PipelinePlayback.class);

    /** 100 ms, as a file source delivers audio. */
    private static final int CHUNK = 1600;

    private PipelinePlayback() {
    }

    /** A clip to play: the stream id its events carry, and its audio file (or, with {@code pcm}, its samples). */
    record Clip(String stream, Path audio, float[] pcm) {
        Clip(String stream, Path audio) {
            this(stream, audio, null);
        }

        float[] read() throws IOException {
            return pcm != null ? pcm : AudioFiles.read(audio);
        }
    }

    /**
     * Plays every clip through a detector built from {@code config}, optionally through {@code degradation} first
     * (seeded per clip). A clip that cannot be read is named in the log and left out; the others still play.
     */
    static Streams play(Config config, List<Clip> clips, Degradation degradation) throws IOException {
        Streams s = new Streams();
        try (Engine engine = Engine.load(config); Detector d = engine.detector(s::accept)) {
            for (Clip c : clips) {
                float[] pcm;
                try {
                    pcm = c.read();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("{}: cannot be read, left out ({})", c.audio() != null ? c.audio() : c.stream(), e.getMessage());
                    continue;
                }
                if (degradation != null) {
                    pcm = degradation.apply(pcm, FeatureCache.hash(c.stream()).hashCode());
                }
                for (int off = 0; off < pcm.length; off += CHUNK) {
                    d.audio(c.stream(), pcm, off, Math.min(CHUNK, pcm.length - off));
                }
                d.end(c.stream());
            }
        }
        return s;
    }

    /** Events by stream; a window's later event (a revision) replaces its earlier one. */
    static final class Streams {
        private final Map<String, Map<Long, EmotionEvent>> emotions = new ConcurrentHashMap<>();
        private final Map<String, List<String>> transcripts = new ConcurrentHashMap<>();

        void accept(Event e) {
            if (e instanceof EmotionEvent em) {
                emotions.computeIfAbsent(em.stream(), k -> Collections.synchronizedMap(new TreeMap<>())).put(em.seq(), em);
            } else if (e instanceof TranscriptEvent t && t.isFinal()) {
                transcripts.computeIfAbsent(t.stream(), k -> Collections.synchronizedList(new ArrayList<>())).add(t.text());
            }
        }

        List<EmotionEvent> finalEvents(String stream) {
            return new ArrayList<>(emotions.getOrDefault(stream, Map.of()).values());
        }

        int finalTranscripts(String stream) {
            return transcripts.getOrDefault(stream, List.of()).size();
        }

        String transcript(String stream) {
            return String.join(" ", transcripts.getOrDefault(stream, List.of()));
        }

        /** Mean of the speech windows' final probabilities, or null when the stream had none. */
        float[] meanProbabilities(String stream, List<String> labels) {
            float[] sum = new float[labels.size()];
            int n = 0;
            for (EmotionEvent e : finalEvents(stream)) {
                if (e.silence()) {
                    continue;
                }
                for (int k = 0; k < labels.size(); k++) {
                    sum[k] += e.probabilities().getOrDefault(labels.get(k), 0.0).floatValue();
                }
                n++;
            }
            if (n == 0) {
                return null;
            }
            for (int k = 0; k < sum.length; k++) {
                sum[k] /= n;
            }
            return sum;
        }
    }
}
