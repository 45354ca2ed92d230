package emostream.bench;

import ai.djl.ndarray.NDManager;
import emostream.audio.AudioSource;
import emostream.cli.Main;
import emostream.config.Config;
import emostream.features.FeatureConfig;
import emostream.model.ModelInfo;
import emostream.publish.EmotionEvent;
import emostream.publish.TranscriptEvent;
import emostream.train.EmotionNet;
import emostream.train.NetSpec;
import emostream.train.Normalization;
import emostream.train.OnnxExporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench harness: exact percentiles, latency measured from a window's end, the report's verdicts and plot, and
 * short real runs of the detector (real ONNX Runtime on a model of the shipped architecture; real Vosk when the test
 * model and espeak-ng are there). Speed itself is measured by {@code ./run.sh bench}, never asserted here.
 */
class BenchTest {

    static final List<String> LABELS = List.of("anger", "happiness", "neutral", "sadness");

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void exportModel() throws Exception {
        model = dir.resolve("bench-test.onnx");
        NetSpec spec = NetSpec.of(LABELS, FeatureConfig.DEFAULT, 0);
        try (NDManager m = NDManager.newBaseManager();
             EmotionNet net = new EmotionNet(spec, Normalization.identity(FeatureConfig.DEFAULT.melBands(), 0), m)) {
            OnnxExporter.write(net, Map.of("name", "bench-test"), model);
        }
    }

    @Test
    void percentilesAreExactNearestRank() {
        Latencies l = new Latencies();
        for (int i = 100; i >= 1; i--) {
            l.add(i * 1_000_000L);
        }
        Latencies.Summary s = l.summary();
        assertEquals(100, s.count());
        assertEquals(50.0, s.p50());
        assertEquals(95.0, s.p95());
        assertEquals(99.0, s.p99());
        assertEquals(100.0, s.max());
    }

    @Test
    void latencyCountsFromTheEndOfTheEventsAudio() {
        RecordingSink sink = new RecordingSink(true);
        long now = System.nanoTime();
        sink.streamStarted("a", now - 3_000_000_000L); // sample 0 was captured 3 s ago
        sink.publish(new EmotionEvent("a", 0, 0, 2000, "anger", 0.9, Map.of("anger", 0.9, "neutral", 0.1), "anger",
                null, List.of("audio"), "m"));
        sink.publish(new EmotionEvent("a", 1, 500, 2500, "anger", 0.9, Map.of("anger", 0.9, "neutral", 0.1), "anger",
                "hello", List.of("audio", "text"), "m"));
        sink.publish(new EmotionEvent("a", 2, 1000, 3000, "silence", 0, Map.of(), "silence", null, List.of(), "m"));
        sink.publish(new TranscriptEvent("a", 0, 100, 1900, "hello", List.of(), true));
        sink.publish(new TranscriptEvent("a", 0, 100, 1900, "hel", List.of(), false)); // partials are not counted
        Map<String, Latencies.Summary> l = sink.latencies();
        assertEquals(Map.of("audio", 1L, "fused", 1L, "silence", 1L, "transcript", 1L, "provisional", 2L, "revised", 0L,
                "asr-skipped", 0L), sink.counts());
        // the audio-only window ended 1 s ago, the fused one 0.5 s ago
        assertTrue(l.get("audio").p50() >= 1000 && l.get("audio").p50() < 1500, l.toString());
        assertTrue(l.get("fused").p50() >= 500 && l.get("fused").p50() < 1000, l.toString());
        assertTrue(sink.firstEventNanos() >= now);
        assertTrue(sink.jsonBytes() > 100);
    }

    @Test
    void fastRunOfTheAudioPathMeasuresEveryWindow() throws Exception {
        Path audio = streams(2, 6);
        // tones are not speech to Silero: the energy gate lets them through, which is all this measurement needs
        RunResult r = run("audio", 2, false, audio, "--set", "vad.engine=energy");
        assertEquals("audio", r.mode());
        assertEquals(2, r.streams());
        assertEquals(6.0, r.audioSeconds(), 1e-9);
        // 2-s windows starting at 0, 0.5, ..., 4.0 s end exactly at 6 s: no padded window to flush
        long windows = r.events().get("audio") + r.events().get("silence") + r.events().get("fused");
        assertEquals(2 * 9, windows, r.events().toString());
        assertTrue(r.events().get("audio") > 0, "speech windows reach the model: " + r.events());
        // one assertion each, so a failure says which measurement was missing (this line failed once, unexplained)
        assertTrue(r.modelCalls() > 0, "model calls counted: " + r);
        assertTrue(r.cpuSeconds() > 0, "process CPU measured: " + r);
        assertTrue(r.throughput() > 0, "throughput measured: " + r);
        assertTrue(r.readyMs() > 0 && r.firstEventMs() > r.readyMs());
        assertTrue(r.latency().isEmpty(), "no latency when not paced");
    }

    @Test
    void pacedRunMeasuresLatencyFromTheWindowEnd() throws Exception {
        Path audio = streams(1, 3);
        RunResult r = run("audio", 1, true, audio, "--set", "vad.engine=energy");
        assertTrue(r.wallSeconds() >= 3.0, "paced: 3 s of audio take at least 3 s");
        Latencies.Summary s = r.latency("audio");
        assertNotNull(s, r.latency().toString());
        assertEquals(s.count(), r.latency("provisional").count(), "every speech window's first record is provisional");
        assertTrue(r.worstStreamProvisionalP95Ms() >= s.p95() - 1e-9);
        assertTrue(s.p50() >= 0 && s.p50() < 2000, s.toString());
        assertTrue(r.keptUp());
    }

    @Test
    void voskAloneTranscribesTheSameStreams() throws Exception {
        String vosk = System.getProperty("emostream.vosk.model");
        emostream.RealParts.require(vosk != null && Files.isDirectory(Path.of(vosk)), "the Vosk model is not unpacked (mvn package does it)");
        emostream.RealParts.require(espeak(), "espeak-ng is not installed (apt-get install espeak-ng)");
        Path audio = dir.resolve("speech-streams");
        Files.createDirectories(audio);
        List<float[]> clips = SpeechCorpus.load(SpeechCorpus.espeak(dir.resolve("speech")), 4);
        SpeechCorpus.writeRaw(audio.resolve("stream-00.f32"), SpeechCorpus.compose(clips, 0, 8));
        RunResult r = run("vosk", 1, false, audio, "--set", "asr.model=" + vosk);
        assertTrue(r.events().get("transcript") >= 1, r.events().toString());
        assertEquals(0, r.modelCalls());
    }

    @Test
    void reportJudgesTheTargetsAndKeepsHandWrittenNotes() throws Exception {
        List<RunResult> results = new ArrayList<>();
        Latencies.Summary fast = new Latencies.Summary(400, 5, 12, 20, 30);
        Latencies.Summary slow = new Latencies.Summary(400, 600, 900, 1200, 1500);
        results.add(result("audio", 8, true, Map.of("audio", fast), 300, 2500));
        results.add(result("full", 1, true, Map.of("audio", fast, "fused", slow), 900, 4200));
        results.add(result("full", 8, true, Map.of("audio", fast, "fused", slow, "provisional", fast, "revised", slow), 1100, 4300));
        results.add(result("full", 16, true, Map.of("audio", fast, "provisional", fast, "revised", slow), 1400, 4300));
        results.add(result("vosk", 8, true, Map.of(), 400, 3000));
        results.add(result("full", 1, false, Map.of(), 900, 3900));
        results.add(result("vosk", 1, false, Map.of(), 350, 2000));
        ModelInfo info = new ModelInfo("bench-test", LABELS, FeatureConfig.DEFAULT, 384, Map.of());
        BenchReport report = new BenchReport(Machine.current(), ZonedDateTime.now(ZoneOffset.UTC), 0.2, info, model,
                Config.defaults(), "test audio", 40, 100, "./run.sh bench", results, null, null);
        String tables = report.tables();
        assertTrue(tables.contains("| audio-only event ≤ 50 ms after its window closes (p95), 8 live streams | p95 12.0 ms"), tables);
        assertTrue(tables.contains("**met**, 4.2x headroom"), tables);            // 50 / 12
        assertTrue(tables.contains("16 streams kept up in real time"), tables);
        assertTrue(tables.contains("| peak RSS ≤ 1.5 GB at 8 streams | 1100 MB"), tables);
        assertTrue(tables.contains("4.20 s from process start"), tables);
        assertTrue(tables.contains("full / Vosk = "), tables);
        assertTrue(tables.contains("| full pipeline, 8 live streams: provisional label ≤ 50 ms after its window closes (p95) | p95 12.0 ms"), tables);
        assertTrue(tables.contains("| full pipeline, 8 live streams: fused revision ≤ 1.5 s after the end of the utterance (p95) | p95 900 ms"), tables);
        assertTrue(tables.contains("worst stream p95 17.0 ms (all streams p95 12.0"), tables);
        assertTrue(tables.contains("ASR lag max 6.0 s, mean 3.0 s; 12.0% of the audio left untranscribed | **met**"), tables);
        assertTrue(tables.contains("| peak RSS ≤ 1.5 GB at 16 live streams | 1400 MB"), tables);
        assertTrue(tables.contains("- Provisional vs revised, 8 live streams"), tables);
        assertTrue(tables.contains("- Overload, 16 live streams"), tables);

        Path out = dir.resolve("docs/BENCHMARKS.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "old\n" + BenchReport.NOTES_BEGIN + "\nkept by hand\n" + BenchReport.NOTES_END + "\n");
        report.write(out, "BENCHMARKS.png");
        String doc = Files.readString(out);
        assertTrue(doc.contains("kept by hand") && !doc.startsWith("old"), doc);
        assertTrue(doc.contains("![latency, CPU, memory and throughput against concurrent streams](BENCHMARKS.png)"));

        Path png = dir.resolve("docs/BENCHMARKS.png");
        BenchPlot.write(results, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1400, img.getWidth());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertEquals(1, Main.execute("bench", "--streams", "0", "--no-write"));
        assertEquals(1, Main.execute("bench", "--modes", "turbo", "--no-write"));
        assertEquals(1, Main.execute("bench", "--set", "model.path=" + dir.resolve("missing.onnx"), "--no-write"));
    }

    // ---------------------------------------------------------------- helpers

    private static RunResult run(String mode, int streams, boolean paced, Path audio, String... extra) throws Exception {
        LoadRun run = new LoadRun();
        List<String> args = new ArrayList<>(List.of("--mode", mode, "--streams", Integer.toString(streams),
                "--audio-dir", audio.toString(), "--set", "model.path=" + model));
        if (paced) {
            args.add("--paced");
        }
        args.addAll(List.of(extra));
        new CommandLine(run).parseArgs(args.toArray(String[]::new));
        return run.measure();
    }

    /**
     * {@code n} streams of voiced-looking audio (harmonic tones with pauses), no external tool needed; the energy
     * gate (not Silero, which knows a tone is not speech) passes them.
     */
    private static Path streams(int n, double seconds) throws IOException {
        Path d = Files.createTempDirectory(dir, "streams");
        List<float[]> clips = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            float[] clip = new float[AudioSource.SAMPLE_RATE * (1 + c)];
            for (int i = 0; i < clip.length; i++) {
                double t = i / (double) AudioSource.SAMPLE_RATE;
                clip[i] = (float) (0.2 * Math.sin(2 * Math.PI * (150 + 40 * c) * t) + 0.1 * Math.sin(2 * Math.PI * 900 * t));
            }
            clips.add(clip);
        }
        for (int i = 0; i < n; i++) {
            SpeechCorpus.writeRaw(d.resolve(String.format("stream-%02d.f32", i)), SpeechCorpus.compose(clips, i, seconds));
        }
        return d;
    }

    private static boolean espeak() {
        try {
            return new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static RunResult result(String mode, int n, boolean paced, Map<String, Latencies.Summary> latency, double rss,
                                    double firstEventMs) {
        double cpuPerAudio = mode.equals("full") ? 0.3 : mode.equals("vosk") ? 0.25 : 0.02;
        return new RunResult(mode, n, paced, 40, paced ? 40.3 : 40 * n * cpuPerAudio, 40 * n * cpuPerAudio, n * cpuPerAudio,
                0.05, 0.2, rss, paced ? n : 1 / cpuPerAudio, cpuPerAudio, 1500, firstEventMs, 12, 3, latency,
                Map.of("audio", 100L, "fused", 50L, "silence", 10L, "transcript", 20L), 150, 3.0, 20, 12.0, 1.5, 3, 20,
                latency.containsKey("provisional") ? latency.get("provisional").p95() + 5 : -1, n > 8 ? 6.0 : 0.4,
                n > 8 ? 3.0 : 0.1, n > 8 ? 0.12 : 0, mode.equals("audio") ? 0 : 2);
    }
}
