package emostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.audio.AudioFiles;
import emostream.audio.AudioSource;
import emostream.cli.ConfigOptions;
import emostream.cli.UserException;
import emostream.config.Config;
import emostream.model.ModelInfo;
import emostream.model.OnnxEmotionModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./run.sh bench}: N concurrent streams from files through the real detector (real model, Vosk, MiniLM), paced
 * like live microphones and as fast as possible, for each mode (audio only, full, Vosk alone) and stream count.
 * Every run is a fresh process, so its start-up time and peak memory are its own. Prints the tables and writes
 * {@code docs/BENCHMARKS.md} with a PNG plot beside it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure real-time factor, throughput, latency, CPU and memory of 1..N concurrent streams",
                "(audio only, full audio+text, Vosk alone), then write docs/BENCHMARKS.md and BENCHMARKS.png.",
                "Stage micro-benchmarks (JMH): mvn -Pbench -DskipTests verify; their results are included when present."})
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--streams", split = ",", defaultValue = "1,2,4,8,16", paramLabel = "N,...",
            description = "Concurrent stream counts to run (default: ${DEFAULT-VALUE}).")
    List<Integer> streams;

    @Option(names = "--fast-streams", split = ",", paramLabel = "N,...",
            description = "Stream counts for the as-fast-as-possible runs (default: those of --streams).")
    List<Integer> fastStreams;

    @Option(names = "--modes", split = ",", defaultValue = "audio,full,vosk", paramLabel = "MODE,...",
            description = "audio (VAD + spec3d + CNN), full (+ Vosk + MiniLM, fused), vosk (Vosk alone). Default: ${DEFAULT-VALUE}.")
    List<String> modes;

    @Option(names = "--pace", split = ",", defaultValue = "realtime,fast", paramLabel = "PACE,...",
            description = "realtime (live streams: latency) and/or fast (as fast as possible: throughput). Default: ${DEFAULT-VALUE}.")
    List<String> pace;

    @Option(names = "--seconds", defaultValue = "40", description = "Audio per stream in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--chunk-ms", defaultValue = "100", description = "Audio delivered per call, in ms (default: ${DEFAULT-VALUE}).")
    int chunkMs;

    @Option(names = "--audio", split = ",", paramLabel = "WAV|DIR",
            description = "Speech to use instead of espeak-ng sentences, e.g. ../shared/data/emodb (WAV files, any rate).")
    List<Path> audio;

    @Option(names = "--out", defaultValue = "docs/BENCHMARKS.md", description = "Report to write; the plot goes beside it. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--no-write", description = "Print the tables only; leave the report alone.")
    boolean noWrite;

    @Option(names = "--jmh", defaultValue = "target/jmh/results.json", paramLabel = "FILE",
            description = "JMH results to include in the report, when the file exists (default: ${DEFAULT-VALUE}).")
    Path jmh;

    @Option(names = "--quiet", defaultValue = "0", paramLabel = "CORES",
            description = "Before each run, wait until other processes use less than this many cores (0 = don't wait).")
    double quiet;

    @Option(names = "--quiet-timeout", defaultValue = "120", paramLabel = "MINUTES",
            description = "Give up waiting for a quiet machine after this long and run anyway (default: ${DEFAULT-VALUE}).")
    double quietTimeout;

    @Option(names = "--startup-runs", defaultValue = "3", paramLabel = "N",
            description = "Times `run --file --realtime` is started to time start-up to the first event, with and without ASR (0 = skip; default: ${DEFAULT-VALUE}).")
    int startupRuns;

    @Option(names = "--from", paramLabel = "FILE",
            description = "Run nothing: re-render the report from the results a previous bench saved (target/bench/results.json), "
                    + "e.g. after a new JMH run.")
    Path from;

    @Option(names = "--work", defaultValue = "target/bench", description = "Scratch directory (default: ${DEFAULT-VALUE}).")
    Path work;

    @Override
    public Integer call() throws Exception {
        if (seconds < 5 || seconds > 3600) {
            throw new UserException("--seconds must be between 5 and 3600, got " + seconds);
        }
        if (chunkMs < 10 || chunkMs > 1000) {
            throw new UserException("--chunk-ms must be between 10 and 1000, got " + chunkMs);
        }
        List<Mode> modeList = modes.stream().map(Mode::of).toList();
        if (fastStreams == null || fastStreams.isEmpty()) {
            fastStreams = streams;
        }
        List<Integer> allCounts = java.util.stream.Stream.concat(streams.stream(), fastStreams.stream()).toList();
        for (int n : allCounts) {
            if (n < 1 || n > 256) {
                throw new UserException("--streams values must be between 1 and 256, got " + n);
            }
        }
        for (String p : pace) {
            if (!p.equals("realtime") && !p.equals("fast")) {
                throw new UserException("--pace takes realtime and/or fast, got '" + p + "'");
            }
        }
        Config config = configOptions.load();
        if (from != null) {
            Saved s = Saved.read(from);
            return render(s, config, modelInfo(config));
        }
        ModelInfo info = modelInfo(config); // a missing or foreign model fails here, before minutes of runs

        Files.createDirectories(work);
        Path streamsDir = work.resolve("streams");
        String audioDescription = prepareAudio(streamsDir, allCounts.stream().mapToInt(i -> i).max().orElse(1));
        Path effective = work.resolve("effective.properties");
        writeProperties(config, effective);

        double loadAtStart = ProcessStats.loadAverage();
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        Startup startup = startup(effective, streamsDir);
        List<RunResult> results = new ArrayList<>();
        for (String p : pace) {
            for (Mode m : modeList) {
                for (int n : p.equals("realtime") ? streams : fastStreams) {
                    waitForQuiet();
                    RunResult r = runOne(m, n, p.equals("realtime"), streamsDir, effective);
                    results.add(r);
                    System.err.println(BenchReport.progress(r));
                }
            }
        }

        Saved saved = new Saved(started.toString(), loadAtStart, Machine.current(), audioDescription, seconds, chunkMs, commandLine(),
                results, startup);
        saved.write(work.resolve("results.json"));
        return render(saved, config, info);
    }

    private static ModelInfo modelInfo(Config config) {
        try (OnnxEmotionModel m = OnnxEmotionModel.load(config.path("model.path"), 1)) {
            return m.info();
        }
    }

    private int render(Saved s, Config config, ModelInfo info) throws IOException {
        Path modelPath = config.path("model.path");
        BenchReport report = new BenchReport(s.machine(), ZonedDateTime.parse(s.started()), s.loadAtStart(), info, modelPath, config,
                s.audio(), s.seconds(), s.chunkMs(), s.command(), s.results(), s.startup(), Jmh.read(jmh));
        System.out.println(report.tables());
        if (!noWrite) {
            Path png = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.md$", "") + ".png");
            BenchPlot.write(s.results(), png);
            report.write(out, png.getFileName().toString());
            System.err.println("bench: wrote " + out + " and " + png);
        }
        return 0;
    }

    /** Everything a report is rendered from, saved so it can be re-rendered (e.g. with new JMH results). */
    record Saved(String started, double loadAtStart, Machine machine, String audio, double seconds, int chunkMs,
                 String command, List<RunResult> results, Startup startup) {

        private static ObjectMapper json() {
            return new ObjectMapper();
        }

        void write(Path file) throws IOException {
            json().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        }

        static Saved read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new UserException("bench results " + file + " do not exist (run ./run.sh bench first)");
            }
            return json().readValue(file.toFile(), Saved.class);
        }
    }

    private String prepareAudio(Path dir, int count) throws IOException {
        List<Path> files;
        String description;
        if (audio == null || audio.isEmpty()) {
            files = SpeechCorpus.espeak(work.resolve("speech"));
            description = SpeechCorpus.SENTENCES.size() + " English sentences (5-20 words) spoken by espeak-ng in 4 voices";
        } else {
            files = SpeechCorpus.wavFiles(audio);
            description = files.size() + " WAV files from " + audio;
        }
        List<float[]> clips = SpeechCorpus.load(files, 200);
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            SpeechCorpus.writeRaw(dir.resolve(String.format("stream-%02d.f32", i)), SpeechCorpus.compose(clips, i, seconds));
        }
        return description + ", laid end to end with 0.4-1.2 s pauses over a -60 dBFS noise floor; "
                + "each stream starts at a different clip";
    }

    private static void writeProperties(Config config, Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(config.asMap());
        try (OutputStream o = Files.newOutputStream(file)) {
            p.store(o, "effective configuration of the bench command, read by every bench run");
        }
    }

    /** Runs one configuration in a fresh JVM with this JVM's options and class path. */
    private RunResult runOne(Mode mode, int n, boolean paced, Path streamsDir, Path config) throws IOException, InterruptedException {
        String name = mode.id + "-" + n + (paced ? "-realtime" : "-fast");
        System.err.println("bench: " + mode.title + ", " + n + " stream" + (n == 1 ? "" : "s") + ", "
                + (paced ? "real time" : "as fast as possible") + " ...");
        List<String> cmd = new ArrayList<>(java());
        cmd.add(LoadRun.class.getName());
        cmd.addAll(List.of("--config", config.toString(), "--mode", mode.id, "--streams", Integer.toString(n),
                "--audio-dir", streamsDir.toString(), "--chunk-ms", Integer.toString(chunkMs)));
        if (paced) {
            cmd.add("--paced");
        }
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        // stdout to a file, read after the wait: reading the pipe would block until the child exits, so a hung run
        // would never reach the time limit
        Path outFile = logs.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(outFile.toFile()).start();
        p.getOutputStream().close();
        // generous: a fast run of slow components still ends; a hung one does not stall the whole bench
        long limit = (long) (120 + seconds * (paced ? 2 : n * 2));
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new UserException("bench run " + name + " did not finish in " + limit + " s; see " + log);
        }
        for (String line : Files.readAllLines(outFile, StandardCharsets.UTF_8)) {
            if (line.startsWith(LoadRun.RESULT_PREFIX)) {
                return new ObjectMapper().readValue(line.substring(LoadRun.RESULT_PREFIX.length()), RunResult.class);
            }
        }
        throw new UserException("bench run " + name + " failed (exit " + p.exitValue() + "): "
                + lastLine(log) + " (log: " + log + ")");
    }

    /** The java command with this JVM's options and class path: child runs get the same heap and settings. */
    private static List<String> java() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return cmd;
    }

    /** Start-up to first event of the real `run` command, {@link #startupRuns} times per mode; sorted seconds. */
    private Startup startup(Path config, Path streamsDir) throws IOException, InterruptedException {
        if (startupRuns <= 0) {
            return null;
        }
        Path wav = streamsDir.resolve("stream-00.wav");
        AudioFiles.writeWav(wav, SpeechCorpus.readRaw(streamsDir.resolve("stream-00.f32")), AudioSource.SAMPLE_RATE);
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        List<Double> live = new ArrayList<>();
        List<Double> liveAudioOnly = new ArrayList<>();
        List<Double> file = new ArrayList<>();
        for (int i = 0; i < startupRuns; i++) {
            waitForQuiet();
            System.err.println("bench: start-up of `run --file`, try " + (i + 1) + " of " + startupRuns + " ...");
            live.add(StartupProbe.once(java(), config, wav, false, true, logs.resolve("startup-live.log")));
            liveAudioOnly.add(StartupProbe.once(java(), config, wav, true, true, logs.resolve("startup-live-audio.log")));
            file.add(StartupProbe.once(java(), config, wav, false, false, logs.resolve("startup-file.log")));
        }
        Startup s = new Startup(live, liveAudioOnly, file);
        System.err.printf(Locale.ROOT, "bench:   first event after %.2f s live (%.2f s audio only), %.2f s from a file, medians%n",
                Startup.median(s.live()), Startup.median(s.liveAudioOnly()), Startup.median(s.file()));
        return s;
    }

    /**
     * Seconds from starting `run` to its first emotion event, sorted: live (file replayed in real time, as from a
     * microphone: includes filling the first 2-s window), the same without ASR, and a file read as fast as possible
     * (the start-up cost alone).
     */
    record Startup(List<Double> live, List<Double> liveAudioOnly, List<Double> file) {
        Startup {
            live = live.stream().sorted().toList();
            liveAudioOnly = liveAudioOnly.stream().sorted().toList();
            file = file.stream().sorted().toList();
        }

        static double median(List<Double> s) {
            return s.get(s.size() / 2);
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        for (String l : lines) {
            if (l.startsWith("error:")) {
                return l;
            }
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    /** Waits until the rest of the machine uses less than {@link #quiet} cores, measured over 5 s. */
    private void waitForQuiet() throws InterruptedException {
        if (quiet <= 0) {
            return;
        }
        long deadline = System.nanoTime() + (long) (quietTimeout * 60e9);
        while (true) {
            double busy0 = ProcessStats.machineBusySeconds();
            if (busy0 < 0) {
                return; // no /proc/stat: nothing to measure, so no reason to wait
            }
            long cpu0 = ProcessStats.processCpuNanos();
            Thread.sleep(5_000);
            double other = (ProcessStats.machineBusySeconds() - busy0 - (ProcessStats.processCpuNanos() - cpu0) / 1e9) / 5;
            if (other < quiet) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.err.printf("bench: the machine is still busy (other processes use %.2f cores); running anyway%n", other);
                return;
            }
            System.err.printf("bench: waiting for a quiet machine (other processes use %.2f cores)%n", other);
            Thread.sleep(25_000);
        }
    }

    private String commandLine() {
        StringBuilder sb = new StringBuilder("./run.sh bench --streams ");
        sb.append(String.join(",", streams.stream().map(String::valueOf).toList()));
        if (!fastStreams.equals(streams)) {
            sb.append(" --fast-streams ").append(String.join(",", fastStreams.stream().map(String::valueOf).toList()));
        }
        sb.append(" --modes ").append(String.join(",", modes)).append(" --pace ").append(String.join(",", pace));
        sb.append(" --seconds ").append(fmt(seconds));
        if (audio != null && !audio.isEmpty()) {
            sb.append(" --audio ").append(String.join(",", audio.stream().map(Path::toString).toList()));
        }
        return sb.toString();
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
