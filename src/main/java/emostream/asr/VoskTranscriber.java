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
 */
public final class VoskTranscriber implements Transcriber {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Model model;
    private final Path dir;

    private VoskTranscriber(Model model, Path dir) {
        this.model = model;
        this.dir = dir;
    }

    /**
     * Loads the model directory (the build unpacks the English one to {@code target/vosk/assets/model-en-us}).
     *
     * @throws IllegalArgumentException naming the directory when it is not a Vosk model
     */
    public static VoskTranscriber load(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Vosk model directory " + dir + " does not exist"
                    + " (mvn package unpacks the English model; set asr.model or asr.enabled=false)");
        }
        if (!Files.isDirectory(dir.resolve("am")) && !Files.exists(dir.resolve("final.mdl"))) {
            throw new IllegalArgumentException("Vosk model directory " + dir + " holds no acoustic model (am/final.mdl)");
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS); // Kaldi otherwise logs every loaded component to stderr
        try {
            return new VoskTranscriber(new Model(dir.toString()), dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot load the Vosk model in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public TranscriberSession open(String streamId, long startSample) {
        Recognizer r;
        try {
            r = new Recognizer(model, AudioSource.SAMPLE_RATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Vosk recogniser for stream " + streamId, e);
        }
        r.setWords(true);
        r.setPartialWords(true); // partial word times tell the pipeline which windows still wait for text
        return new Session(r, startSample * 1000L / AudioSource.SAMPLE_RATE);
    }

    @Override
    public void close() {
        model.close();
    }

    /** One stream's recogniser. Not thread-safe, like every {@link TranscriberSession}. */
    private static final class Session implements TranscriberSession {
        private final Recognizer recognizer;
        private final long offsetMs;
        private final SkipMap skips = new SkipMap();
        private short[] pcm = new short[0];
        private String lastPartial = "";
        private boolean closed;

        Session(Recognizer recognizer, long offsetMs) {
            this.recognizer = recognizer;
            this.offsetMs = offsetMs;
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
            return finalResult(recognizer.getFinalResult());
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
            long here = toStreamMs(skips.fedSamples() / (double) AudioSource.SAMPLE_RATE);
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

        /** Vosk counts seconds of the audio it was fed; the stream's timeline also counts what was skipped. */
        private long toStreamMs(double fedSeconds) {
            long fed = Math.round(fedSeconds * AudioSource.SAMPLE_RATE);
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
