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
                List<EmotionEvent> ev = sink.emotions(id);
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
                        id + ": the speech windows waited for the transcript: " + ev);
            }
        }
    }
}
