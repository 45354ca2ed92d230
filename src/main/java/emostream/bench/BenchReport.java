package emostream.bench;

import emostream.config.Config;
import emostream.model.ModelInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docs/BENCHMARKS.md: machine and setup, the targets with verdicts, the live (paced) and as-fast-as-possible
 * tables, the side-by-side ratios and the JMH stage table. Everything between the notes markers of an existing
 * report (hand-written findings: what was optimised, before and after) is kept when the report is rewritten.
 */
final class BenchReport {

    static final String NOTES_BEGIN = "<!-- notes:begin -->";
    static final String NOTES_END = "<!-- notes:end -->";

    // the targets of issue 6, on a 2-core machine
    static final double AUDIO_PATH_MS = 5;
    static final double AUDIO_P95_MS = 50;
    static final int LIVE_STREAMS = 8;
    static final double RSS_MB = 1536;
    static final double FIRST_EVENT_MS = 5000;
    // the targets of issue 10: provisional records at once, revisions soon after the words, overload that degrades
    static final double PROVISIONAL_P95_MS = 50;
    static final double REVISED_P95_MS = 1500;
    static final int OVERLOAD_STREAMS = 16;
    static final double OVERLOAD_PROVISIONAL_P95_MS = 100;

    private final Machine machine;
    private final ZonedDateTime started;
    private final double loadAtStart;
    private final ModelInfo model;
    private final Path modelPath;
    private final Config config;
    private final String audio;
    private final double seconds;
    private final int chunkMs;
    private final String command;
    private final List<RunResult> results;
    private final BenchCommand.Startup startup;
    private final Jmh jmh;

    BenchReport(Machine machine, ZonedDateTime started, double loadAtStart, ModelInfo model, Path modelPath, Config config,
                String audio, double seconds, int chunkMs, String command, List<RunResult> results,
                BenchCommand.Startup startup, Jmh jmh) {
        this.machine = machine;
        this.started = started;
        this.loadAtStart = loadAtStart;
        this.model = model;
        this.modelPath = modelPath;
        this.config = config;
        this.audio = audio;
        this.seconds = seconds;
        this.chunkMs = chunkMs;
        this.command = command;
        this.results = results;
        this.startup = startup;
        this.jmh = jmh;
    }

    /** One line per finished run, for the console while the bench goes on. */
    static String progress(RunResult r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "bench:   %s x%d %s: %.1f s wall, %.2f cores (others %.2f), peak RSS %.0f MB",
                r.mode(), r.streams(), r.paced() ? "realtime" : "fast", r.wallSeconds(), r.cpuCores(), r.otherCpuCores(), r.peakRssMb()));
        if (r.paced()) {
            Latencies.Summary a = r.latency(RecordingSink.AUDIO);
            Latencies.Summary f = r.latency(RecordingSink.FUSED);
            sb.append(String.format(Locale.ROOT, ", end lag %.0f ms", r.endLagMs()));
            if (a != null) {
                sb.append(String.format(Locale.ROOT, ", audio-only p95 %.1f ms", a.p95()));
            }
            if (f != null) {
                sb.append(String.format(Locale.ROOT, ", fused p95 %.1f ms", f.p95()));
            }
            Latencies.Summary pr = r.latency(RecordingSink.PROVISIONAL);
            Latencies.Summary rv = r.latency(RecordingSink.REVISED);
            if (pr != null) {
                sb.append(String.format(Locale.ROOT, ", provisional p95 %.1f ms (worst stream %.1f)", pr.p95(),
                        r.worstStreamProvisionalP95Ms()));
            }
            if (rv != null) {
                sb.append(String.format(Locale.ROOT, ", revised p95 %.0f ms after the utterance", rv.p95()));
            }
            if (r.asrWorkers() > 0) {
                sb.append(String.format(Locale.ROOT, ", ASR lag max %.1f s, %.1f%% skipped", r.asrLagMaxSeconds(),
                        100 * r.asrShedFraction()));
            }
        } else {
            sb.append(String.format(Locale.ROOT, ", %.1f audio s per s", r.throughput()));
        }
        return sb.toString();
    }

    /** The targets, the two run tables, the ratios and the JMH table. */
    String tables() {
        StringBuilder sb = new StringBuilder();
        sb.append("## Targets (2-core machine)\n\n").append(targets()).append('\n');
        if (results.stream().anyMatch(RunResult::paced)) {
            sb.append("## Live streams, paced in real time\n\n").append(pacedTable()).append('\n');
        }
        if (results.stream().anyMatch(r -> !r.paced())) {
            sb.append("## As fast as possible\n\n").append(fastTable()).append('\n');
        }
        String ratios = ratios();
        if (!ratios.isEmpty()) {
            sb.append("## Side by side\n\n").append(ratios).append('\n');
        }
        if (jmh != null) {
            sb.append("## Stage micro-benchmarks (JMH)\n\n").append(jmhTable()).append('\n');
        }
        return sb.toString();
    }

    void write(Path out, String png) throws IOException {
        String notes = "\n_Findings and optimisations, written by hand, go here; `./run.sh bench` keeps this section._\n";
        if (Files.isRegularFile(out)) {
            String old = Files.readString(out);
            int b = old.indexOf(NOTES_BEGIN);
            int e = old.indexOf(NOTES_END);
            if (b >= 0 && e > b) {
                notes = old.substring(b + NOTES_BEGIN.length(), e);
            }
        }
        StringBuilder sb = new StringBuilder("# Benchmarks\n\n");
        sb.append("Generated by `").append(command).append("` on ")
                .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append(". ")
                .append("Run it again to refresh every number here (the notes section is kept); the stage micro-benchmarks come ")
                .append("from `mvn -B -q -Pbench -DskipTests verify` (JMH), read from `target/jmh/results.json`.\n\n");
        sb.append("## Machine and setup\n\n").append(setup()).append('\n');
        sb.append(tables());
        sb.append("## Plot\n\n![latency, CPU, memory and throughput against concurrent streams](").append(png).append(")\n\n");
        sb.append("## Notes\n\n").append(NOTES_BEGIN).append(notes).append(NOTES_END).append('\n');
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, sb.toString());
    }

    private String setup() {
        StringBuilder sb = new StringBuilder("| | |\n| --- | --- |\n");
        row(sb, "machine", machine.cores() + " cores, " + machine.cpu() + ", " + fmt1(machine.memoryGb()) + " GB RAM");
        row(sb, "Java", machine.java());
        row(sb, "OS", machine.os());
        row(sb, "load average when the bench started", fmt2(loadAtStart)
                + " (each row below also shows the CPU that other processes used during that run)");
        row(sb, "JVM options of each run", String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        row(sb, "model", model.name() + " (`" + modelPath.getFileName() + "`, " + model.labels().size() + " labels: "
                + String.join(", ", model.labels()) + "); ONNX Runtime, `model.threads=" + config.string("model.threads") + "`");
        row(sb, "speech recognition", "Vosk, `" + config.string("asr.model") + "`");
        row(sb, "windows", config.string("window.seconds") + " s, hop " + config.string("window.hop.seconds")
                + " s; VAD " + (config.bool("vad.enabled") ? "on" : "off") + "; "
                + (config.bool("pipeline.revisions") ? "revisions on (each window at once from the audio, revised when its "
                + "transcript arrives)" : "revisions off (text wait " + config.string("pipeline.text.wait.seconds") + " s)"));
        row(sb, "speech recognition workers", "`asr.threads=" + config.string("asr.threads") + "` (0 = one per core), "
                + "queue `asr.queue.seconds=" + config.string("asr.queue.seconds") + "` per stream");
        row(sb, "audio", audio + "; " + fmt0(seconds) + " s per stream, delivered in " + chunkMs + " ms chunks");
        row(sb, "runs", "every row is a fresh JVM (start-up and peak memory are its own); one thread per stream, like "
                + "one per connected microphone; paced streams start spread over one window hop");
        sb.append("\nModes: **audio** = the detector without speech recognition (VAD, spec3d, audio CNN); **full** = the "
                + "shipped pipeline (audio path + Vosk + MiniLM on each final transcript + fused model); **vosk** = Vosk alone "
                + "on the same audio, the baseline the emotion path is added to.\n\n"
                + "Latency is measured from the moment the last sample of an event's span would have been captured (the "
                + "stream's start plus the event's `end_ms`) to the event reaching the sink, JSON-encoded. **provisional** "
                + "is a speech window's first record (revision 0): labelled from its audio, and from words already heard "
                + "for its span; **revised** is the first later record of a window that brings words in (the fused "
                + "label), timed from the **end of its utterance** (the last word of the final transcript that covers "
                + "it): a revision from the partial words of an utterance still open comes before that end, and counts "
                + "as early (negative); **transcript** is a final result after its last word. *Worst stream* is the p95 "
                + "of the "
                + "stream whose provisional records were latest. **ASR lag** is how far a stream's recognition was behind "
                + "its audio (sampled 4 times a second; max over streams and time, and the mean); **ASR skipped** the "
                + "share of the audio that recognition left out to keep up (`asr.queue.seconds`). A paced run *kept up* "
                + "when its last chunk was delivered less than 0.5 s behind schedule.\n");
        return sb.toString();
    }

    private String targets() {
        StringBuilder sb = new StringBuilder("| target | measured | verdict |\n| --- | --- | --- |\n");
        // 1. audio path per window on one core
        Jmh.Row path = jmh == null ? null : jmh.find(Jmh.AUDIO_PATH);
        RunResult audioFast = largest("audio", false);
        String measured = "";
        double value = Double.NaN;
        if (path != null) {
            value = Double.isNaN(path.cpuMs()) ? toMs(path.score(), path.unit()) : path.cpuMs();
            measured = fmt2(value) + " ms " + (Double.isNaN(path.cpuMs()) ? "" : "CPU ") + "(JMH `" + Jmh.AUDIO_PATH
                    + "`: 0.5 s of new audio into the streaming log-mel, one 2 s spec3d window, CNN batch 1, one thread)";
        }
        if (audioFast != null) {
            double perWindow = audioFast.cpuSeconds() * 1000 / windows(audioFast);
            measured += (measured.isEmpty() ? "" : "; ") + fmt2(perWindow) + " ms of process CPU per window in the "
                    + audioFast.streams() + "-stream audio-only run as fast as possible (everything: VAD, features, CNN, "
                    + "events, and the JIT compiler and GC of a fresh JVM)";
            if (Double.isNaN(value)) {
                value = perWindow;
            }
        }
        sb.append("| audio path (features + CNN) ≤ 5 ms per 2-s window on one core | ")
                .append(measured.isEmpty() ? "not run" : measured).append(" | ").append(atMost(value, AUDIO_PATH_MS)).append(" |\n");

        // 2. audio-only p95 with 8 live streams
        RunResult a8 = find("audio", LIVE_STREAMS, true);
        RunResult f8 = find("full", LIVE_STREAMS, true);
        Latencies.Summary a8l = a8 == null ? null : a8.latency(RecordingSink.AUDIO);
        Latencies.Summary f8l = f8 == null ? null : f8.latency(RecordingSink.AUDIO);
        StringBuilder m2 = new StringBuilder();
        if (a8l != null) {
            m2.append("p95 ").append(fmt1(a8l.p95())).append(" ms, p99 ").append(fmt1(a8l.p99())).append(" ms (mode audio)");
        }
        if (f8l != null) {
            m2.append(m2.length() == 0 ? "" : "; ").append("in mode full p95 ").append(fmt1(f8l.p95()))
                    .append(" ms (the provisional records, see below)");
        }
        // the target is the audio path's own delay: judged on mode audio; full mode adds the configured text wait
        double worst = a8l != null ? a8l.p95() : Double.NaN;
        sb.append("| audio-only event ≤ 50 ms after its window closes (p95), 8 live streams | ")
                .append(m2.length() == 0 ? "not run" : m2).append(" | ").append(atMost(worst, AUDIO_P95_MS)).append(" |\n");

        // issue 10: provisional at once, fused revision soon after the words, with 8 live streams
        Latencies.Summary f8p = f8 == null ? null : f8.latency(RecordingSink.PROVISIONAL);
        Latencies.Summary f8r = f8 == null ? null : f8.latency(RecordingSink.REVISED);
        sb.append("| full pipeline, 8 live streams: provisional label ≤ 50 ms after its window closes (p95) | ")
                .append(f8p == null ? "not run" : "p95 " + fmt1(f8p.p95()) + " ms, p99 " + fmt1(f8p.p99()) + " ms, worst stream p95 "
                        + fmt1(f8.worstStreamProvisionalP95Ms()) + " ms (" + f8p.count() + " windows)")
                .append(" | ").append(atMost(f8p == null ? Double.NaN : f8p.p95(), PROVISIONAL_P95_MS)).append(" |\n");
        sb.append("| full pipeline, 8 live streams: fused revision ≤ 1.5 s after the end of the utterance (p95) | ")
                .append(f8r == null ? "not run" : "p95 " + fmt0(f8r.p95()) + " ms, p50 " + fmt0(f8r.p50()) + " ms (" + f8r.count()
                        + " revisions); ASR lag max " + fmt1(f8.asrLagMaxSeconds()) + " s")
                .append(" | ").append(atMost(f8r == null ? Double.NaN : f8r.p95(), REVISED_P95_MS)).append(" |\n");
        RunResult f16 = find("full", OVERLOAD_STREAMS, true);
        Latencies.Summary f16p = f16 == null ? null : f16.latency(RecordingSink.PROVISIONAL);
        sb.append("| 16 live streams on ").append(machine.cores()).append(" cores: every stream's provisional labels ≤ 100 ms (p95); "
                + "transcript lag reported | ")
                .append(f16p == null ? "not run" : "worst stream p95 " + fmt1(f16.worstStreamProvisionalP95Ms()) + " ms (all streams p95 "
                        + fmt1(f16p.p95()) + ", p99 " + fmt1(f16p.p99()) + " ms); ASR lag max " + fmt1(f16.asrLagMaxSeconds())
                        + " s, mean " + fmt1(f16.asrLagMeanSeconds()) + " s; " + fmt1(100 * f16.asrShedFraction())
                        + "% of the audio left untranscribed")
                .append(" | ").append(atMost(f16p == null ? Double.NaN : f16.worstStreamProvisionalP95Ms(), OVERLOAD_PROVISIONAL_P95_MS))
                .append(" |\n");
        sb.append("| peak RSS ≤ 1.5 GB at 16 live streams | ")
                .append(f16 == null ? "not run" : fmt0(f16.peakRssMb()) + " MB (mode full, real time)")
                .append(" | ").append(atMost(f16 == null ? Double.NaN : f16.peakRssMb(), RSS_MB)).append(" |\n");

        // 3. live streams with Vosk
        int keptUp = 0;
        int failedAt = 0;
        for (RunResult r : results) {
            if (r.mode().equals("full") && r.paced()) {
                if (r.keptUp()) {
                    keptUp = Math.max(keptUp, r.streams());
                } else if (failedAt == 0 || r.streams() < failedAt) {
                    failedAt = r.streams();
                }
            }
        }
        RunResult fullFast = largest("full", false);
        String m3 = keptUp > 0 ? keptUp + " streams kept up in real time" + (failedAt > 0 ? ", " + failedAt + " did not" : "") : "";
        if (fullFast != null) {
            m3 += (m3.isEmpty() ? "" : "; ") + "throughput " + fmt1(fullFast.throughput()) + " audio s per s with "
                    + fullFast.streams() + " streams as fast as possible";
        }
        sb.append("| ≥ 8 concurrent real-time streams with Vosk on 2 cores | ").append(m3.isEmpty() ? "not run" : m3).append(" | ")
                .append(keptUp == 0 && fullFast == null ? "not run" : atLeast(keptUp > 0 ? keptUp : Double.NaN, LIVE_STREAMS)).append(" |\n");

        // 4. peak RSS at 8 streams
        RunResult rss = f8 != null ? f8 : find("full", LIVE_STREAMS, false);
        sb.append("| peak RSS ≤ 1.5 GB at 8 streams | ")
                .append(rss == null ? "not run" : fmt0(rss.peakRssMb()) + " MB (mode full, " + (rss.paced() ? "real time" : "fast") + ")")
                .append(" | ").append(atMost(rss == null ? Double.NaN : rss.peakRssMb(), RSS_MB)).append(" |\n");

        // 5. start-up to first event
        RunResult f1 = find("full", 1, true);
        String m5;
        double first;
        if (startup != null) {
            List<Double> live = startup.live();
            first = BenchCommand.Startup.median(live) * 1000;
            m5 = fmt2(first / 1000) + " s median (" + fmt2(live.get(0)) + "-" + fmt2(live.get(live.size() - 1)) + " s over "
                    + live.size() + " starts) from starting `run --file --realtime` (a live stream) to its first emotion "
                    + "event, including the 2 s of audio the first window needs; audio only (`--no-asr`) "
                    + fmt2(BenchCommand.Startup.median(startup.liveAudioOnly())) + " s; from a file read as fast as "
                    + "possible (start-up alone) " + fmt2(BenchCommand.Startup.median(startup.file())) + " s";
        } else {
            first = f1 == null ? Double.NaN : f1.firstEventMs();
            m5 = f1 == null ? "not run" : fmt2(f1.firstEventMs() / 1000) + " s from process start (loading took "
                    + fmt2(f1.readyMs() / 1000) + " s; the first 2-s window then needs 2 s of live audio)";
        }
        sb.append("| start-up to first event ≤ 5 s | ").append(m5).append(" | ").append(atMost(first, FIRST_EVENT_MS)).append(" |\n");
        return sb.toString();
    }

    private String pacedTable() {
        StringBuilder sb = new StringBuilder("| mode | streams | kept up | CPU cores | other CPU | peak RSS MB | "
                + "provisional p50 / p95 / p99 ms | worst stream p95 ms | revised after utterance p50 / p95 ms | "
                + "transcript p50 / p95 ms | ASR lag max / mean s | ASR skipped | first event s | max lag ms |\n"
                + "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (RunResult r : results) {
            if (!r.paced()) {
                continue;
            }
            boolean asr = !r.mode().equals("audio");
            sb.append("| ").append(r.mode()).append(" | ").append(r.streams()).append(" | ").append(r.keptUp() ? "yes" : "**no**")
                    .append(" | ").append(fmt2(r.cpuCores())).append(" | ").append(fmt2(r.otherCpuCores()))
                    .append(" | ").append(fmt0(r.peakRssMb()))
                    .append(" | ").append(pct(r.latency(RecordingSink.PROVISIONAL), true))
                    .append(" | ").append(r.worstStreamProvisionalP95Ms() < 0 ? "-" : fmt1(r.worstStreamProvisionalP95Ms()))
                    .append(" | ").append(pct(r.latency(RecordingSink.REVISED), false))
                    .append(" | ").append(pct(r.latency(RecordingSink.TRANSCRIPT), false))
                    .append(" | ").append(asr && r.mode().equals("full") ? fmt1(r.asrLagMaxSeconds()) + " / " + fmt1(r.asrLagMeanSeconds()) : "-")
                    .append(" | ").append(asr && r.mode().equals("full") ? fmt1(100 * r.asrShedFraction()) + "%" : "-")
                    .append(" | ").append(fmt2(r.firstEventMs() / 1000)).append(" | ").append(fmt0(r.maxLagMs())).append(" |\n");
        }
        return sb.toString();
    }

    private String fastTable() {
        StringBuilder sb = new StringBuilder("| mode | streams | wall s | throughput (audio s / s) | real-time factor per stream | "
                + "CPU s per audio s | streams " + machine.cores() + " cores carry (est.) | CPU cores | other CPU | peak RSS MB | model call ms | "
                + "allocated MB per audio s | GCs |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (RunResult r : results) {
            if (r.paced()) {
                continue;
            }
            sb.append("| ").append(r.mode()).append(" | ").append(r.streams()).append(" | ").append(fmt1(r.wallSeconds()))
                    .append(" | ").append(fmt1(r.throughput())).append(" | ").append(fmt3(r.rtf()))
                    .append(" | ").append(fmt3(r.cpuPerAudioSecond())).append(" | ").append(fmt1(machine.cores() / r.cpuPerAudioSecond()))
                    .append(" | ").append(fmt2(r.cpuCores())).append(" | ").append(fmt2(r.otherCpuCores()))
                    .append(" | ").append(fmt0(r.peakRssMb()))
                    .append(" | ").append(r.modelCalls() == 0 ? "-" : fmt2(r.modelCallMs()))
                    .append(" | ").append(fmt2(r.allocatedMbPerAudioSecond())).append(" | ").append(r.gcCount()).append(" |\n");
        }
        sb.append("\nThe real-time factor is wall time / audio time of each stream; \"streams ").append(machine.cores())
                .append(" cores carry\" is cores / (CPU s per audio s), an upper bound that ignores latency and other "
                + "processes.\n");
        return sb.toString();
    }

    private String ratios() {
        StringBuilder sb = new StringBuilder();
        // the most streams: longest runs, least start-up (JIT) in the CPU time
        RunResult fa = largest("audio", false);
        RunResult ff = largest("full", false);
        RunResult fv = largest("vosk", false);
        if (ff != null && fv != null && ff.streams() == fv.streams()) {
            double add = ff.cpuPerAudioSecond() / fv.cpuPerAudioSecond();
            sb.append("- CPU per audio second, ").append(ff.streams()).append(ff.streams() == 1 ? " stream" : " streams")
                    .append(" as fast as possible: full ")
                    .append(fmt3(ff.cpuPerAudioSecond())).append(" s, Vosk alone ").append(fmt3(fv.cpuPerAudioSecond()))
                    .append(" s: the emotion path (windows, spec3d, CNN, MiniLM, fusion) costs **")
                    .append(fmt0((add - 1) * 100)).append("%** on top of Vosk (full / Vosk = ").append(fmt2(add)).append(").\n");
        }
        if (fa != null && ff != null && fa.streams() == ff.streams()) {
            sb.append("- Audio only costs ").append(fmt3(fa.cpuPerAudioSecond())).append(" CPU s per audio s, ")
                    .append(fmt1(100 * fa.cpuPerAudioSecond() / ff.cpuPerAudioSecond())).append("% of the full pipeline (full / audio = ")
                    .append(fmt1(ff.cpuPerAudioSecond() / fa.cpuPerAudioSecond())).append("x).\n");
        }
        for (int n : new int[] {LIVE_STREAMS}) {
            RunResult a = find("audio", n, true);
            RunResult f = find("full", n, true);
            RunResult v = find("vosk", n, true);
            if (f != null && v != null) {
                sb.append("- ").append(n).append(" live streams: CPU ").append(a == null ? "" : "audio " + fmt2(a.cpuCores()) + ", ")
                        .append("Vosk ").append(fmt2(v.cpuCores())).append(", full ").append(fmt2(f.cpuCores()))
                        .append(" cores; peak RSS ").append(a == null ? "" : "audio " + fmt0(a.peakRssMb()) + ", ")
                        .append("Vosk ").append(fmt0(v.peakRssMb())).append(", full ").append(fmt0(f.peakRssMb())).append(" MB.\n");
            }
            Latencies.Summary fp = f == null ? null : f.latency(RecordingSink.PROVISIONAL);
            Latencies.Summary fr = f == null ? null : f.latency(RecordingSink.REVISED);
            if (fp != null && fr != null) {
                sb.append("- Provisional vs revised, ").append(n).append(" live streams: a label goes out ")
                        .append(fmt1(fp.p50())).append(" ms (p50) / ").append(fmt1(fp.p95()))
                        .append(" ms (p95) after its window closes, from the audio; its fused revision ")
                        .append(fmt0(fr.p50())).append(" / ").append(fmt0(fr.p95()))
                        .append(" ms after the end of the utterance (").append(fr.count()).append(" revisions of ")
                        .append(fp.count()).append(" speech windows).\n");
            }
        }
        RunResult o = find("full", OVERLOAD_STREAMS, true);
        if (o != null && o.latency(RecordingSink.PROVISIONAL) != null) {
            Latencies.Summary op = o.latency(RecordingSink.PROVISIONAL);
            Latencies.Summary orv = o.latency(RecordingSink.REVISED);
            sb.append("- Overload, ").append(o.streams()).append(" live streams on ").append(machine.cores())
                    .append(" cores (").append(o.asrWorkers()).append(" recognition workers): provisional p95 ")
                    .append(fmt1(op.p95())).append(" ms (worst stream ").append(fmt1(o.worstStreamProvisionalP95Ms()))
                    .append(" ms); recognition fell up to ").append(fmt1(o.asrLagMaxSeconds())).append(" s behind (mean ")
                    .append(fmt1(o.asrLagMeanSeconds())).append(" s) and left ").append(fmt1(100 * o.asrShedFraction()))
                    .append("% of the audio untranscribed; ").append(orv == null ? "no revisions"
                            : orv.count() + " revisions, p95 " + fmt0(orv.p95()) + " ms after their utterance")
                    .append("; peak RSS ").append(fmt0(o.peakRssMb())).append(" MB.\n");
        }
        return sb.toString();
    }

    private String jmhTable() {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> env = jmh.environment();
        if (!env.isEmpty()) {
            sb.append("Run ").append(env.getOrDefault("started", "?")).append("; load average at start ")
                    .append(env.getOrDefault("loadAverage", "?")).append(", other processes used ")
                    .append(env.getOrDefault("otherCpuCores", "?")).append(" cores on average while it ran. ")
                    .append(env.getOrDefault("settings", "")).append("\n\n");
        }
        sb.append("| benchmark | parameters | wall time per call | CPU per call | CPU per item |\n| --- | --- | ---: | ---: | ---: |\n");
        for (Jmh.Row r : jmh.rows()) {
            sb.append("| `").append(r.benchmark()).append("` | ").append(r.params())
                    .append(" | ").append(fmt3(r.score())).append(Double.isNaN(r.error()) ? "" : " ± " + fmt3(r.error()))
                    .append(' ').append(r.unit()).append(" | ")
                    .append(Double.isNaN(r.cpuMs()) ? "-" : fmt3(r.cpuMs()) + " ms").append(" | ")
                    .append(Double.isNaN(r.cpuMs()) || r.batch() == 1 ? "" : fmt3(r.cpuMs() / r.batch()) + " ms").append(" |\n");
        }
        sb.append("\nCPU per call is the benchmark thread's CPU time (every stage runs on the calling thread), which other "
                + "processes on a shared machine barely change; wall time is JMH's own score.\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers

    private RunResult find(String mode, int streams, boolean paced) {
        for (RunResult r : results) {
            if (r.mode().equals(mode) && r.streams() == streams && r.paced() == paced) {
                return r;
            }
        }
        return null;
    }

    private RunResult largest(String mode, boolean paced) {
        RunResult best = null;
        for (RunResult r : results) {
            if (r.mode().equals(mode) && r.paced() == paced && (best == null || r.streams() > best.streams())) {
                best = r;
            }
        }
        return best;
    }

    private static long windows(RunResult r) {
        return r.events().getOrDefault(RecordingSink.AUDIO, 0L) + r.events().getOrDefault(RecordingSink.FUSED, 0L)
                + r.events().getOrDefault(RecordingSink.SILENCE, 0L);
    }

    private static double toMs(double v, String unit) {
        return switch (unit) {
            case "us/op" -> v / 1000;
            case "ns/op" -> v / 1e6;
            case "s/op" -> v * 1000;
            default -> v;
        };
    }

    static String atMost(double measured, double target) {
        if (Double.isNaN(measured)) {
            return "not measured";
        }
        return measured <= target
                ? "**met**, " + fmt1(target / measured) + "x headroom"
                : "**missed** by " + fmt0(100 * (measured / target - 1)) + "%";
    }

    static String atLeast(double measured, double target) {
        if (Double.isNaN(measured)) {
            return "**missed**";
        }
        return measured >= target
                ? "**met**" + (measured > target ? ", " + fmt1(measured / target) + "x" : "")
                : "**missed**: " + fmt0(measured) + " of " + fmt0(target);
    }

    private static String pct(Latencies.Summary s, boolean p99) {
        if (s == null) {
            return "-";
        }
        return fmt1(s.p50()) + " / " + fmt1(s.p95()) + (p99 ? " / " + fmt1(s.p99()) : "");
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String fmt1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
