package emostream.cli;

import emostream.SpeechSynth;
import emostream.audio.AudioFiles;
import emostream.audio.TestWavs;
import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.EventJson;
import emostream.publish.TranscriptEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run} end to end: real files through the real model, real Vosk and real ONNX Runtime, events read back from
 * {@code --output}. Tests that need the shipped model skip (with a message) until it exists.
 */
class RunCommandTest {

    /** The shipped model; {@code -Demostream.test.model} may point elsewhere while developing. */
    static Path model() {
        Path p = Path.of(System.getProperty("emostream.test.model", "models/emostream.onnx")).toAbsolutePath();
        emostream.RealParts.require(Files.isRegularFile(p), "no trained model at " + p);
        return p;
    }

    static Path data() {
        Path p = Path.of("..", "shared", "data").toAbsolutePath().normalize();
        emostream.RealParts.require(Files.isDirectory(p), "no data set at " + p);
        return p;
    }

    record Result(int code, String out, String err, List<Event> events) {
        /** Every record of the stream's windows, in the order published. */
        List<EmotionEvent> records(String stream) {
            return events.stream().filter(e -> e instanceof EmotionEvent && e.stream().equals(stream))
                    .map(e -> (EmotionEvent) e).toList();
        }

        /** Each window's last record (what a consumer keeping the latest per id has), in seq order. */
        List<EmotionEvent> emotions(String stream) {
            return latest(records(stream));
        }

        List<TranscriptEvent> transcripts(String stream) {
            return events.stream().filter(e -> e instanceof TranscriptEvent && e.stream().equals(stream))
                    .map(e -> (TranscriptEvent) e).toList();
        }

        List<String> errorLines() {
            return err.lines().filter(l -> l.startsWith("error:")).toList();
        }
    }

    /** Runs the CLI in-process with captured stdout/stderr (and stdin when given). */
    static Result run(Path dir, InputStream stdin, String... args) throws Exception {
        Path events = dir.resolve("events-" + System.nanoTime() + ".jsonl");
        // no dashboard: tests must not take port 8080 (the server has its own tests)
        List<String> all = new ArrayList<>(List.of("run", "--no-server", "--output", events.toString()));
        all.addAll(Arrays.asList(args));
        PrintStream out0 = System.out;
        PrintStream err0 = System.err;
        InputStream in0 = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            if (stdin != null) {
                System.setIn(stdin);
            }
            code = Main.execute(all.toArray(String[]::new));
        } finally {
            System.setOut(out0);
            System.setErr(err0);
            System.setIn(in0);
        }
        List<Event> parsed = new ArrayList<>();
        if (Files.exists(events)) {
            for (String line : Files.readAllLines(events)) {
                parsed.add(EventJson.parse(emostream.publish.EventSchemas.check(line)));
            }
        }
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), parsed);
        assertFalse(r.err.contains("\tat "), "no stack traces: " + r.err);
        return r;
    }

    /**
     * The revision contract: per window, revisions 0, 1, ... in order, only the last one final; returns each
     * window's last record in seq order.
     */
    static List<EmotionEvent> latest(List<EmotionEvent> records) {
        Map<Long, List<EmotionEvent>> byWindow = new TreeMap<>();
        for (EmotionEvent e : records) {
            byWindow.computeIfAbsent(e.seq(), k -> new ArrayList<>()).add(e);
        }
        List<EmotionEvent> out = new ArrayList<>();
        for (List<EmotionEvent> rs : byWindow.values()) {
            for (int i = 0; i < rs.size(); i++) {
                assertEquals(i, rs.get(i).revision(), "revisions in order: " + rs);
                assertEquals(i == rs.size() - 1, rs.get(i).isFinal(), "only the last record is final: " + rs);
            }
            out.add(rs.get(rs.size() - 1));
        }
        return out;
    }

    static void assertWellFormed(List<EmotionEvent> ev, List<String> labels) {
        assertFalse(ev.isEmpty());
        for (int i = 0; i < ev.size(); i++) {
            EmotionEvent e = ev.get(i);
            if (i > 0) {
                assertEquals(ev.get(i - 1).seq() + 1, e.seq(), "consecutive windows");
                assertTrue(e.startMs() > ev.get(i - 1).startMs() && e.endMs() >= ev.get(i - 1).endMs(), "increasing times");
            }
            assertTrue(e.endMs() > e.startMs());
            if (e.silence()) {
                assertTrue(e.probabilities().isEmpty());
                continue;
            }
            assertEquals(labels, List.copyOf(e.probabilities().keySet()));
            double sum = e.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(1.0, sum, 1e-3, e.toString());
            assertTrue(labels.contains(e.label()) && labels.contains(e.smoothedLabel()), e.toString());
            assertEquals(e.probabilities().get(e.label()), e.confidence(), 1e-9);
        }
    }

    static List<String> labels(Result r) {
        return r.events.stream().filter(e -> e instanceof EmotionEvent em && !em.silence())
                .map(e -> List.copyOf(((EmotionEvent) e).probabilities().keySet())).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ end to end, real model

    @Test
    void speechAndCorpusFilesEndToEnd(@TempDir Path dir) throws Exception {
        Path model = model();
        Path data = data();
        Path speech = SpeechSynth.say("I told you to close the door. Why is it open again?", dir.resolve("espeak.wav"));
        // a pause and a second sentence: two final results, windows in silence between them
        float[] a = AudioFiles.read(speech);
        float[] b = AudioFiles.read(SpeechSynth.say("please open the window", dir.resolve("b.wav")));
        float[] talk = new float[a.length + 32_000 + b.length + 8_000];
        System.arraycopy(a, 0, talk, 0, a.length);
        System.arraycopy(b, 0, talk, a.length + 32_000, b.length);
        Path talkFile = dir.resolve("talk.wav");
        AudioFiles.writeWav(talkFile, talk, 16_000);
        Path emodb = data.resolve("emodb/wav/03a01Wa.wav");
        Path nemo = data.resolve("nemo_pl_subset/wav_16k/EB0_anger_1.wav");

        Result r = run(dir, null, "--model", model.toString(), "--quiet",
                "--file", talkFile.toString(), "--file", emodb.toString(), "--file", nemo.toString());
        assertEquals(0, r.code, r.err);
        List<String> labels = labels(r);
        for (String stream : List.of("talk", "03a01Wa", "EB0_anger_1")) {
            assertWellFormed(r.emotions(stream), labels);
        }
        // the EmoDB clip is 2 s at 22.05 kHz: exactly one window after conversion, and it is speech
        List<EmotionEvent> emo = r.emotions("03a01Wa");
        assertEquals(1, emo.size(), emo.toString());
        assertFalse(emo.get(0).silence());

        List<TranscriptEvent> ts = r.transcripts("talk");
        String text = String.join(" ", ts.stream().map(TranscriptEvent::text).toList());
        for (String w : List.of("told", "close", "door", "open", "window")) {
            assertTrue(text.contains(w), "transcript has '" + w + "': " + text);
        }
        assertTrue(ts.size() >= 2, "one final per sentence: " + ts);
        ts.forEach(t -> assertTrue(t.isFinal() && !t.words().isEmpty()));
        List<EmotionEvent> talkEv = r.emotions("talk");
        assertTrue(talkEv.stream().anyMatch(e -> e.modalities().equals(List.of("audio", "text"))
                && e.transcript() != null && e.transcript().contains("door")), "text reaches the fused model");
        assertTrue(talkEv.stream().anyMatch(EmotionEvent::silence), "the 2 s pause is gated as silence");
        assertTrue(r.records("talk").stream().anyMatch(e -> e.revision() > 0 && e.fused()),
                "windows first labelled from the audio are revised with the transcript");
        assertTrue(r.err.contains("real-time factor"), r.err);

        // the old behaviour on request: one record per window, which waited for its transcript
        Result once = run(dir, null, "--model", model.toString(), "--quiet", "--set", "pipeline.revisions=false",
                "--file", talkFile.toString());
        assertEquals(0, once.code, once.err);
        List<EmotionEvent> single = once.records("talk");
        assertEquals(talkEv.size(), single.size(), "as many records as windows");
        single.forEach(e -> assertTrue(e.revision() == 0 && e.isFinal(), e.toString()));
        assertTrue(single.stream().anyMatch(EmotionEvent::fused), "text still reaches the fused model");
    }

    @Test
    void speechInANoisyRoomIsLabelledAndTranscribed(@TempDir Path dir) throws Exception {
        Path model = model();
        // a sentence in a busy room: pink noise at 10 dB SNR over the whole recording, a second of it before
        float[] said = AudioFiles.read(SpeechSynth.say("I told you to close the door. Why is it open again?", dir.resolve("s.wav")));
        float[] clean = new float[16_000 + said.length + 16_000];
        System.arraycopy(said, 0, clean, 16_000, said.length);
        float[] noisy = emostream.audio.noise.NoiseMixer.mix(clean, new emostream.audio.noise.PinkNoise(11), 10);
        Path file = dir.resolve("noisy.wav");
        AudioFiles.writeWav(file, noisy, 16_000);

        Result r = run(dir, null, "--model", model.toString(), "--quiet", "--file", file.toString());
        assertEquals(0, r.code, r.err);
        long speech = r.emotions("noisy").stream().filter(e -> !e.silence()).count();
        assertTrue(speech >= r.emotions("noisy").size() / 2, "the speech windows are labelled: " + r.emotions("noisy"));
        String text = String.join(" ", r.transcripts("noisy").stream().map(TranscriptEvent::text).toList());
        assertTrue(text.contains("told") && text.contains("open"), "transcribed through the noise: " + text);
    }

    @Test
    void aMissingVoiceActivityModelIsOneLineAtStartUp(@TempDir Path dir) throws Exception {
        Path model = model();
        Path wav = TestWavs.tone(dir.resolve("t.wav"), 2.5, 16_000, 16, 1);
        Path missing = dir.resolve("no-vad.onnx");
        // the default: say so once, and run on the energy gate
        Result fallback = run(dir, null, "--model", model.toString(), "--quiet", "--set", "asr.enabled=false",
                "--set", "vad.model=" + missing, "--file", wav.toString());
        assertEquals(0, fallback.code, fallback.err);
        List<String> warned = fallback.err.lines().filter(l -> l.contains(missing.toString())).toList();
        assertEquals(1, warned.size(), fallback.err);
        assertTrue(warned.get(0).contains("energy"), warned.get(0));
        assertFalse(fallback.emotions("t").isEmpty());
        // vad.fallback=none: refuse to start, naming the file
        Result strict = run(dir, null, "--model", model.toString(), "--quiet", "--set", "asr.enabled=false",
                "--set", "vad.model=" + missing, "--set", "vad.fallback=none", "--file", wav.toString());
        assertEquals(1, strict.code, strict.err);
        assertTrue(strict.errorLines().get(0).startsWith("error: voice-activity model file " + missing), strict.err);
    }

    @Test
    void badInputNeverLosesTheGoodFiles(@TempDir Path dir) throws Exception {
        Path model = model();
        Path text = Files.writeString(dir.resolve("notes.txt"), "not audio at all\n".repeat(50));
        Path empty = Files.createFile(dir.resolve("empty.wav"));
        Path u8 = TestWavs.tone(dir.resolve("u8.wav"), 2.5, 11_025, 8, 1);
        Path hi = TestWavs.tone(dir.resolve("stereo48k.wav"), 2.5, 48_000, 16, 2);
        Path clip = TestWavs.tone(dir.resolve("clip100ms.wav"), 0.1, 16_000, 16, 1);
        byte[] whole = Files.readAllBytes(TestWavs.tone(dir.resolve("whole.wav"), 3, 16_000, 16, 1));
        Path truncated = Files.write(dir.resolve("truncated.wav"), Arrays.copyOf(whole, whole.length / 2));

        Result r = run(dir, null, "--model", model.toString(), "--quiet", "--file", text.toString(), "--file", empty.toString(),
                "--file", u8.toString(), "--file", hi.toString(), "--file", clip.toString(), "--file", truncated.toString());
        assertEquals(1, r.code, "a bad file fails the run: " + r.err);
        List<String> errors = r.errorLines();
        assertEquals(3, errors.size(), r.err);
        assertTrue(errors.stream().anyMatch(l -> l.contains("notes.txt")), r.err);
        assertTrue(errors.stream().anyMatch(l -> l.contains("empty.wav")), r.err);
        assertTrue(errors.stream().anyMatch(l -> l.contains("truncated.wav") && l.contains("truncated")), r.err);
        List<String> labels = labels(r);
        Map<String, Integer> windows = new TreeMap<>();
        for (String s : List.of("u8", "stereo48k", "clip100ms", "truncated")) {
            assertWellFormed(r.emotions(s), labels);
            windows.put(s, r.emotions(s).size());
        }
        // 2.5 s → windows at 0 and 0.5 s (the second padded); 100 ms → one padded window; truncated: 1.5 s kept
        assertEquals(Map.of("clip100ms", 1, "stereo48k", 2, "truncated", 1, "u8", 2), windows);
        assertEquals(100, r.emotions("clip100ms").get(0).endMs());
        assertEquals(1500, r.emotions("truncated").get(0).endMs(), 20);
        assertTrue(r.emotions("notes").isEmpty());
    }

    @Test
    void anUnreachableKafkaAddressIsOneLine(@TempDir Path dir) throws Exception {
        Path model = model();
        Path wav = TestWavs.tone(dir.resolve("t.wav"), 1.0, 16_000, 16, 1);
        for (String bootstrap : List.of("nosuchhost.invalid:9092", "hostnoport")) {
            Result r = run(dir, null, "--model", model.toString(), "--no-asr", "--quiet", "--file", wav.toString(),
                    "--kafka", bootstrap);
            assertEquals(1, r.code, r.err);
            assertTrue(r.errorLines().stream().anyMatch(l -> l.startsWith("error: Kafka at " + bootstrap + ": ")), r.err);
        }
    }

    @Test
    void stdinRawPcmClosedMidFrame(@TempDir Path dir) throws Exception {
        Path model = model();
        float[] tone = AudioFiles.read(TestWavs.tone(dir.resolve("t.wav"), 2.2, 16_000, 16, 1));
        byte[] pcm = new byte[tone.length * 2 + 1]; // one stray byte: the pipe closed in the middle of a sample
        for (int i = 0; i < tone.length; i++) {
            short v = (short) Math.round(tone[i] * 32767);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        Result r = run(dir, new ByteArrayInputStream(pcm), "--model", model.toString(), "--json", "--stdin", "--rate", "16000");
        assertEquals(0, r.code, r.err);
        assertTrue(r.err.contains("middle of a frame"), r.err);
        List<EmotionEvent> ev = r.emotions("stdin");
        assertEquals(2, ev.size());
        assertEquals(2200, ev.get(1).endMs());
        // --json: stdout is exactly the event lines
        assertEquals(r.events.size(), r.out.lines().count());
        r.out.lines().forEach(EventJson::parse);

        // a WAV piped into stdin is recognised as such
        byte[] wav = Files.readAllBytes(TestWavs.tone(dir.resolve("w.wav"), 1.0, 44_100, 16, 2));
        Result w = run(dir, new ByteArrayInputStream(wav), "--model", model.toString(), "--quiet", "--stdin", "--stream", "piped");
        assertEquals(0, w.code, w.err);
        assertEquals(1, w.emotions("piped").size());
        assertEquals(1000, w.emotions("piped").get(0).endMs(), 20);

        // so are FLAC (it used to be read as raw PCM: "silence", exit 0) and the compressed formats
        byte[] flac = emostream.audio.TestFlac.encode(AudioFiles.read(TestWavs.tone(dir.resolve("f.wav"), 1.0, 16_000, 16, 1)), 16_000);
        Result f = run(dir, new ByteArrayInputStream(flac), "--model", model.toString(), "--quiet", "--stdin",
                "--stream", "flac", "--no-asr");
        assertEquals(0, f.code, f.err);
        assertTrue(f.err.contains("stdin holds FLAC audio"), f.err);
        assertEquals(1000, f.emotions("flac").get(0).endMs(), 20);
        assertTrue(f.emotions("flac").stream().anyMatch(e -> !e.label().equals("silence")), "the tone bursts are heard");
        byte[] mp3 = Files.readAllBytes(emostream.audio.Encoders.encode("mp3", dir.resolve("w.wav"), dir.resolve("w.mp3")));
        Result m = run(dir, new ByteArrayInputStream(mp3), "--model", model.toString(), "--quiet", "--stdin",
                "--stream", "mp3", "--no-asr");
        assertEquals(0, m.code, m.err);
        assertEquals(1000, m.emotions("mp3").get(0).endMs(), 20);
    }

    @Test
    void withoutAMicrophoneNoServerDoesNotSuggestTheBrowserMicrophone(@TempDir Path dir) throws Exception {
        Path model = model();
        org.junit.jupiter.api.Assumptions.assumeTrue(emostream.audio.MicrophoneSource.devices().isEmpty(),
                "this machine has a microphone");
        Result r = run(dir, null, "--model", model.toString(), "--no-asr"); // run() passes --no-server
        assertEquals(1, r.code, r.err);
        assertEquals(1, r.errorLines().size(), r.err);
        String line = r.errorLines().get(0);
        assertTrue(line.contains("--file") && line.contains("--stdin"), line);
        assertFalse(line.contains("the dashboard's browser microphone,") || line.endsWith("browser microphone"), line);
        assertTrue(line.contains("drop --no-server"), line);
    }

    @Test
    void sigtermFlushesTheLastWindow(@TempDir Path dir) throws Exception {
        Path model = model();
        // a separate JVM reading an open pipe, as with a live microphone: only a signal ends it
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), "-Xmx1g",
                "-Demostream.vosk.model=" + System.getProperty("emostream.vosk.model", ""),
                "emostream.cli.Main", "run", "--no-server", "--stdin", "--json", "--model", model.toString(),
                "--set", "asr.model=" + System.getProperty("emostream.vosk.model", "target/vosk/assets/model-en-us"))
                .redirectError(dir.resolve("stderr.txt").toFile())
                .redirectOutput(dir.resolve("stdout.jsonl").toFile()).start();
        float[] tone = AudioFiles.read(TestWavs.tone(dir.resolve("t.wav"), 2.7, 16_000, 16, 1));
        byte[] pcm = new byte[tone.length * 2];
        for (int i = 0; i < tone.length; i++) {
            short v = (short) Math.round(tone[i] * 32767);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        p.getOutputStream().write(pcm);
        p.getOutputStream().flush();
        Path stdout = dir.resolve("stdout.jsonl");
        // windows [0, 2) and [0.5, 2.5) are both complete in the 2.7 s written: wait until both are out,
        // so the signal can only flush the partial tail (a fixed sleep was flaky on a loaded machine)
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (windows(stdout).size() < 2 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(2, windows(stdout).size(), Files.readString(dir.resolve("stderr.txt")));
        Thread.sleep(300); // the reader is now blocked on the open pipe
        p.toHandle().destroy(); // SIGTERM, like Ctrl-C; the pipe stays open
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "exits after SIGTERM");
        List<EmotionEvent> all = windows(stdout);
        String err = Files.readString(dir.resolve("stderr.txt"));
        // 2.7 s read: windows [0, 2) and [0.5, 2.5) while running, then the signal flushes [1.0, 2.7) zero-padded
        assertEquals(3, all.size(), all + " / " + err);
        all.forEach(e -> assertTrue(e.isFinal(), "every window closed: " + e));
        EmotionEvent last = all.get(2);
        assertEquals(2, last.seq());
        assertEquals(2700, last.endMs());
        assertTrue(err.contains("stopping"), err);
        assertFalse(err.contains("\tat "), err);
    }

    /** The windows written so far, each as its last record. */
    private static List<EmotionEvent> windows(Path f) throws java.io.IOException {
        List<EmotionEvent> records = new ArrayList<>();
        for (String l : lines(f)) {
            records.add((EmotionEvent) EventJson.parse(emostream.publish.EventSchemas.check(l)));
        }
        Map<Long, EmotionEvent> last = new TreeMap<>();
        records.forEach(e -> last.put(e.seq(), e));
        return List.copyOf(last.values());
    }

    private static List<String> lines(Path f) throws java.io.IOException {
        return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> l.startsWith("{")).toList() : List.of();
    }

    // ------------------------------------------------------------------ mistakes caught before anything loads

    @Test
    void userMistakesAreOneLineErrors(@TempDir Path dir) throws Exception {
        Result missing = run(dir, null, "--file", dir.resolve("nope.wav").toString());
        assertEquals(1, missing.code);
        assertEquals(List.of("error: " + dir.resolve("nope.wav") + ": no such file"), missing.errorLines());

        Result empty = run(dir, new ByteArrayInputStream(new byte[0]), "--stdin", "--no-asr");
        assertEquals(1, empty.code);
        assertEquals(1, empty.errorLines().size(), empty.err);
        assertTrue(empty.errorLines().get(0).startsWith("error: stdin is empty"), empty.err);
        byte[] m4a = "\0\0\0\u0020ftypM4A \0\0\0\0isomM4A mp42".getBytes(StandardCharsets.ISO_8859_1);
        Result aac = run(dir, new ByteArrayInputStream(m4a), "--stdin", "--no-asr");
        assertEquals(1, aac.code);
        assertTrue(aac.errorLines().get(0).startsWith("error: stdin holds MP4/M4A, which emostream does not read; "
                + "convert it to WAV, FLAC, MP3, Ogg Vorbis or Opus"), aac.err);

        Result rate = run(dir, null, "--stdin", "--rate", "5");
        assertEquals(1, rate.code);
        assertTrue(rate.errorLines().get(0).contains("--rate"), rate.err);

        Result both = run(dir, null, "--json", "--quiet", "--file", "x.wav");
        assertEquals(1, both.code);

        Result badConfig = run(dir, null, "--set", "vad.min.voiced=7", "--file", dir.toString());
        assertEquals(1, badConfig.code); // the directory is refused first
        Path f = TestWavs.tone(dir.resolve("ok.wav"), 0.5, 16_000, 16, 1);
        Result badValue = run(dir, null, "--set", "vad.min.voiced=7", "--file", f.toString());
        assertEquals(2, badValue.code);
        assertTrue(badValue.errorLines().get(0).startsWith("error: config vad.min.voiced:"), badValue.err);

        Result noMic = run(dir, null, "--mic", "no-such-device-xyz");
        assertEquals(1, noMic.code);
        assertTrue(noMic.errorLines().get(0).contains("microphone") && noMic.err.contains("--file"), noMic.err);

        Result noModel = run(dir, null, "--model", dir.resolve("none.onnx").toString(), "--file", f.toString());
        assertEquals(1, noModel.code);
        assertTrue(noModel.errorLines().get(0).contains("none.onnx"), noModel.err);
        assertTrue(Stream.of(missing, rate, both, badValue, noMic, noModel).allMatch(x -> x.errorLines().size() == 1));
    }

    @Test
    void listDevicesNeverFails(@TempDir Path dir) throws Exception {
        Result r = run(dir, null, "--list-devices");
        assertEquals(0, r.code, r.err);
        assertFalse(r.out.isBlank());
    }
}
