package emostream.pipeline;

import emostream.SpeechSynth;
import emostream.audio.AudioFiles;
import emostream.config.Config;
import emostream.publish.EmotionEvent;
import emostream.publish.TranscriptEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several streams at once through one Engine: the real model, real Vosk, real MiniLM, on separate threads. */
class DetectorEndToEndTest {

    static Path model() {
        Path p = Path.of(System.getProperty("emostream.test.model", "models/emostream.onnx")).toAbsolutePath();
        emostream.RealParts.require(Files.isRegularFile(p), "no trained model at " + p);
        return p;
    }

    @Test
    void concurrentStreamsKeepTheirOwnTranscriptsAndWindows(@TempDir Path dir) throws Exception {
        Path model = model();
        // sentences espeak-ng says clearly enough for the small Vosk model; the checked words are distinct per stream
        Map<String, String> sentences = Map.of(
                "door", "I told you to close the door",
                "window", "please open the window",
                "fox", "the quick brown fox jumps over the lazy dog");
        Map<String, List<String>> words = Map.of("door", List.of("told", "close", "door"),
                "window", List.of("open", "window"), "fox", List.of("fox", "lazy", "dog"));
        Config config = Config.defaults().with(Map.of("model.path", model.toString(),
                "asr.model", System.getProperty("emostream.vosk.model", "target/vosk/assets/model-en-us")));
        CollectingSink sink = new CollectingSink();
        try (Engine engine = Engine.load(config); Detector detector = engine.detector(sink)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> jobs = new ArrayList<>();
            for (Map.Entry<String, String> e : sentences.entrySet()) {
                float[] speech = AudioFiles.read(SpeechSynth.say(e.getValue(), dir.resolve(e.getKey() + ".wav")));
                float[] audio = new float[8_000 + speech.length + 24_000];
                System.arraycopy(speech, 0, audio, 8_000, speech.length);
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < audio.length; i += 1_600) { // 100 ms chunks, like a live source
                        detector.audio(e.getKey(), audio, i, Math.min(1_600, audio.length - i));
                    }
                    detector.end(e.getKey());
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
            pool.shutdown();
            assertTrue(detector.streams().isEmpty());
            List<String> labels = engine.model().info().labels();
            for (Map.Entry<String, String> e : sentences.entrySet()) {
                String id = e.getKey();
                List<TranscriptEvent> ts = sink.transcripts(id);
                assertEquals(1, ts.size(), ts.toString());
                String heard = ts.get(0).text();
                for (String word : words.get(id)) {
                    assertTrue(heard.contains(word), id + ": '" + word + "' in '" + heard + "'");
                }
                List<EmotionEvent> ev = sink.checkRevisions(id);
                assertFalse(ev.isEmpty());
                for (int i = 0; i < ev.size(); i++) {
                    assertEquals(i, ev.get(i).seq());
                    if (!ev.get(i).silence()) {
                        assertEquals(labels, List.copyOf(ev.get(i).probabilities().keySet()));
                        assertEquals(1.0, ev.get(i).probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-4);
                    }
                    if (ev.get(i).transcript() != null) {
                        assertEquals(heard, ev.get(i).transcript(), "a stream's windows carry only its own text");
                    }
                }
                assertTrue(ev.stream().anyMatch(x -> x.modalities().equals(List.of("audio", "text"))),
                        id + ": the speech windows were revised with the transcript: " + ev);
            }
        }
    }

    /**
     * Word-aligned window text ({@code text.window.aligned}) with the real model, Vosk and MiniLM: one long utterance
     * whose first half is happy and second half angry gives its windows different words, each a run of the
     * utterance's own words around the window, where whole-utterance text gives every window the same.
     */
    @Test
    void wordAlignedTextGivesEachWindowTheWordsAroundIt(@TempDir Path dir) throws Exception {
        Path model = model();
        float[] speech = AudioFiles.read(SpeechSynth.say("I am really happy to see you all here today but I am very "
                + "angry that the report was late again", dir.resolve("long.wav")));
        float[] audio = new float[8_000 + speech.length + 24_000];
        System.arraycopy(speech, 0, audio, 8_000, speech.length);
        Config config = Config.defaults().with(Map.of("model.path", model.toString(),
                "asr.model", System.getProperty("emostream.vosk.model", "target/vosk/assets/model-en-us"),
                "text.window.aligned", "true", "text.window.context.seconds", "0.5"));
        CollectingSink sink = new CollectingSink();
        try (Engine engine = Engine.load(config); Detector detector = engine.detector(sink)) {
            emostream.RealParts.require(engine.model().info().textDim() > 0, "the model has no text branch");
            for (int i = 0; i < audio.length; i += 1_600) {
                detector.audio("long", audio, i, Math.min(1_600, audio.length - i));
            }
            detector.end("long");
        }
        String heard = String.join(" ", sink.transcripts("long").stream().filter(TranscriptEvent::isFinal)
                .map(TranscriptEvent::text).toList());
        List<String> texts = sink.checkRevisions("long").stream().map(EmotionEvent::transcript)
                .filter(java.util.Objects::nonNull).toList();
        // (espeak-ng's "angry" is often heard as "hungry": the check uses words Vosk gets right)
        assertTrue(heard.contains("happy") && heard.contains("report"), heard);
        for (String t : texts) {
            assertTrue(heard.contains(t), "'" + t + "' is a run of the words heard: " + heard);
        }
        assertTrue(texts.stream().anyMatch(t -> t.contains("happy") && !t.contains("report")), "happy part: " + texts);
        assertTrue(texts.stream().anyMatch(t -> t.contains("report") && !t.contains("happy")), "report part: " + texts);
    }

    /**
     * More live streams than one recognition worker can transcribe, through the real model, Vosk and MiniLM, paced in
     * real time: every window still goes out before audio() returns, recognition skips the oldest audio once a
     * stream's queue is full, the windows concerned say so, and every window ends with a final record.
     */
    @Test
    void overloadedRecognitionDegradesButNeverStallsTheLabels(@TempDir Path dir) throws Exception {
        Path model = model();
        float[] speech = AudioFiles.read(SpeechSynth.say("I told you to close the door. Why did you leave it open again? "
                + "This is really annoying. Nobody ever listens to me in this house.", dir.resolve("talk.wav")));
        float[] audio = new float[8 * 16_000];
        for (int k = 0; k < audio.length; k += speech.length) { // speech throughout: silence would not be decoded
            System.arraycopy(speech, 0, audio, k, Math.min(speech.length, audio.length - k));
        }
        Config config = Config.defaults().with(Map.of("model.path", model.toString(),
                "asr.model", System.getProperty("emostream.vosk.model", "target/vosk/assets/model-en-us"),
                "asr.threads", "1", "asr.queue.seconds", "1", "asr.lag.warn.seconds", "0.5"));
        CollectingSink sink = new CollectingSink();
        emostream.metrics.Metrics metrics = new emostream.metrics.Metrics();
        int streams = 8;   // Vosk needs ~0.15-0.2 s of CPU per second of this speech: more than one worker carries
        try (Engine engine = Engine.load(config);
             Detector detector = engine.detectorBuilder(sink).metrics(metrics).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(streams);
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                String id = "load-" + s;
                jobs.add(pool.submit(() -> {
                    int late = 0;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < audio.length; i += 1_600) { // live: 100 ms of audio every 100 ms
                        int n = Math.min(1_600, audio.length - i);
                        java.util.concurrent.locks.LockSupport.parkNanos(t0 + (i + n) * 62_500L - System.nanoTime());
                        detector.audio(id, audio, i, n);
                        int windows = i + n < 32_000 ? 0 : (i + n - 32_000) / 8_000 + 1;
                        if (sink.latest(id).size() != windows) {
                            late++;
                        }
                    }
                    detector.end(id);
                    return late;
                }));
            }
            for (Future<Integer> f : jobs) {
                assertEquals(0, f.get(), "every complete window was out before audio() returned");
            }
            pool.shutdown();
            assertTrue(metrics.counter("emostream_asr_shed_samples_total", "").get() > 0, "recognition skipped audio");
            int full = (audio.length - 32_000) / 8_000 + 1;
            int windows = full + (audio.length - ((full - 1) * 8_000 + 32_000) >= 160 ? 1 : 0); // + the padded tail
            int skipped = 0;
            int lagged = 0;
            for (int s = 0; s < streams; s++) {
                String id = "load-" + s;
                List<EmotionEvent> last = sink.checkRevisions(id);
                assertEquals(windows, last.size(), id + ": every window, nothing lost");
                skipped += (int) last.stream().filter(EmotionEvent::asrSkipped).count();
                lagged += (int) sink.emotions(id).stream().filter(e -> e.asrLagMs() != null).count();
            }
            // (a stream whose source fell far behind its schedule on a busy machine delivers a burst, which looks
            // recorded and waits instead of skipping: so these are counted over all streams)
            assertTrue(skipped > 0, "the windows whose audio recognition skipped say so");
            assertTrue(lagged > 0, "records made while recognition was behind carry the lag");
            assertTrue(sink.all().stream().anyMatch(e -> e instanceof TranscriptEvent), "what was recognised is published");
        }
    }
}
