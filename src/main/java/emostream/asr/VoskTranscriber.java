package emostream.asr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.audio.AudioSource;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Vosk (Kaldi) streaming speech recognition: ONE loaded {@link Model} shared by every stream, a {@link Recognizer}
 * per stream with word times. Results are placed on the stream's absolute timeline (the session's start sample
 * plus Vosk's own offset), so they line up with window times after a restart mid-stream.
 * <p>
 * A recogniser's memory grows with the audio it has decoded: with a lookahead model (HCLr + Gr, like the bundled
 * English one) each recogniser composes the decoding graph on the fly and caches what it composed, about 75 MB
 * after 30 s of speech and still growing after minutes ({@code RecogniserMemory}). With {@code recycleSamples} a
 * session replaces its recogniser by a fresh one right after a final result once the recogniser has decoded that
 * much audio: nothing is lost, since Vosk itself starts every utterance after a final result with a new feature
 * pipeline and decoder; only the graph cache starts cold again (some CPU on the next utterance).
 */
public final class VoskTranscriber implements Transcriber {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Model model;
    private final Path dir;
    private final long recycleSamples;

    private VoskTranscriber(Model model, Path dir, long recycleSamples) {
        this.model = model;
        this.dir = dir;
        this.recycleSamples = recycleSamples;
    }

    /** Loads the model directory; recognisers are kept for their session's life. */
    public static VoskTranscriber load(Path dir) {
        return load(dir, 0);
    }

    /**
     * Loads the model directory (the build unpacks the English one to {@code target/vosk/assets/model-en-us}).
     *
     * @param recycleSamples a session's recogniser is replaced after a final result once it has decoded this many
     *                       samples (0 = never)
     * @throws IllegalArgumentException naming the directory when it is not a Vosk model
     */
    public static VoskTranscriber load(Path dir, long recycleSamples) {
        if (recycleSamples < 0) {
            throw new IllegalArgumentException("recycle interval must not be negative");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Vosk model directory " + dir + " does not exist"
                    + " (mvn package unpacks the English model; set asr.model or asr.enabled=false)");
        }
        if (!Files.isDirectory(dir.resolve("am")) && !Files.exists(dir.resolve("final.mdl"))) {
            throw new IllegalArgumentException("Vosk model directory " + dir + " holds no acoustic model (am/final.mdl)");
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS); // Kaldi otherwise logs every loaded component to stderr
        try {
            return new VoskTranscriber(new Model(dir.toString()), dir, recycleSamples);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot load the Vosk model in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public TranscriberSession open(String streamId, long startSample) {
        return new Session(streamId, startSample * 1000L / AudioSource.SAMPLE_RATE);
    }

    private Recognizer recognizer(String streamId) {
        Recognizer r;
        try {
            r = new Recognizer(model, AudioSource.SAMPLE_RATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Vosk recogniser for stream " + streamId, e);
        }
        r.setWords(true);
        r.setPartialWords(true); // partial word times tell the pipeline which windows still wait for text
        return r;
    }

    @Override
    public void close() {
        model.close();
    }

    /** One stream's recogniser. Not thread-safe, like every {@link TranscriberSession}. */
    private final class Session implements TranscriberSession {
        private final String stream;
        private Recognizer recognizer;
        private long base;           // fed samples before the current recogniser was opened (Vosk counts from 0)
        private final long offsetMs;
        private final SkipMap skips = new SkipMap();
        private short[] pcm = new short[0];
        private String lastPartial = "";
        private boolean closed;

        Session(String stream, long offsetMs) {
            this.stream = stream;
            this.recognizer = recognizer(stream);
            this.offsetMs = offsetMs;
        }

        /** After a final result: a fresh recogniser once this one has decoded enough to have grown its cache. */
        private void recycleIfDue() {
            if (recycleSamples > 0 && !closed && skips.fedSamples() - base >= recycleSamples) {
                recognizer.close();
                recognizer = recognizer(stream);
                base = skips.fedSamples();
            }
        }

        @Override
        public List<Transcript> accept(float[] samples, int offset, int length) {
            if (closed || length <= 0) {
                return List.of();
            }
            if (pcm.length < length) {
                pcm = new short[length];
            }
            // Kaldi works on 16-bit sample values; the float entry point expects that range too, so convert once here
            for (int i = 0; i < length; i++) {
                float v = samples[offset + i];
                pcm[i] = (short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767f);
            }
            skips.fed(length);
            if (recognizer.acceptWaveForm(pcm, length)) {
                lastPartial = "";
                List<Transcript> result = finalResult(recognizer.getResult());
                skips.forgetBefore(skips.fedSamples());
                recycleIfDue();
                return result;
            }
            return partialResult(recognizer.getPartialResult());
        }

        @Override
        public void skip(int length) {
            if (length > 0) {
                skips.skipped(length);
            }
        }

        @Override
        public List<Transcript> finish() {
            if (closed) {
                return List.of();
            }
            lastPartial = "";
            List<Transcript> result = finalResult(recognizer.getFinalResult());
            recycleIfDue();
            return result;
        }

        /** Vosk's final result resets the decoder; the next accept starts a new utterance on the same timeline. */
        @Override
        public List<Transcript> flush() {
            return finish();
        }

        private List<Transcript> finalResult(String json) {
            JsonNode n = parse(json);
            String text = n.path("text").asText("").trim();
            if (text.isEmpty()) {
                return List.of();
            }
            List<Word> words = words(n.path("result"));
            long here = streamMs(skips.fedSamples());
            long start = words.isEmpty() ? here : words.get(0).startMs();
            long end = words.isEmpty() ? here : words.get(words.size() - 1).endMs();
            return List.of(new Transcript(text, start, end, words, true));
        }

        private List<Transcript> partialResult(String json) {
            JsonNode n = parse(json);
            String text = n.path("partial").asText("").trim();
            if (text.equals(lastPartial)) {
                return List.of();
            }
            lastPartial = text;
            List<Word> words = words(n.path("partial_result"));
            long start = words.isEmpty() ? -1 : words.get(0).startMs();
            long end = words.isEmpty() ? -1 : words.get(words.size() - 1).endMs();
            // the words heard so far, with times that may still move: the pipeline revises windows from them before
            // Vosk's endpointer (its trailing-silence rules) declares the utterance over
            return List.of(new Transcript(text, start, end, words, false));
        }

        private List<Word> words(JsonNode result) {
            List<Word> out = new ArrayList<>();
            for (JsonNode w : result) {
                out.add(new Word(w.path("word").asText(), toStreamMs(w.path("start").asDouble()),
                        toStreamMs(w.path("end").asDouble()), w.path("conf").asDouble(1.0)));
            }
            return out;
        }

        /**
         * Vosk counts seconds of the audio its recogniser was fed (from the recogniser's opening); the stream's
         * timeline also counts what earlier recognisers were fed and what was skipped.
         */
        private long toStreamMs(double recognizerSeconds) {
            return streamMs(base + Math.round(recognizerSeconds * AudioSource.SAMPLE_RATE));
        }

        private long streamMs(long fed) {
            return offsetMs + (fed + skips.skippedBefore(fed)) * 1000L / AudioSource.SAMPLE_RATE;
        }

        private static JsonNode parse(String json) {
            try {
                return JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalStateException("Vosk returned malformed JSON: " + json, e);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                recognizer.close();
            }
        }
    }
}
