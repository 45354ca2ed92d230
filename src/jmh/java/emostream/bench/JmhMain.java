package emostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stage benchmarks (the {@code bench} Maven profile calls it) with settings sized for a 2-core machine,
 * writes target/jmh/results.json and, beside it, environment.json: the machine, the load average and how busy the
 * machine was meanwhile, which {@code ./run.sh bench} prints with the results. Any JMH command-line option
 * (e.g. a benchmark regex, {@code -f 2}) overrides the defaults.
 */
public final class JmhMain {

    private JmhMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("target", "jmh");
        Files.createDirectories(dir);
        Path results = dir.resolve("results.json");
        CommandLineOptions cli = new CommandLineOptions(args);
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cli)
                .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .resultFormat(ResultFormatType.JSON)
                .result(results.toString());
        if (cli.getIncludes().isEmpty()) {
            b.include("emostream\\.bench\\..*Bench\\.");
        }
        if (!cli.getForkCount().hasValue()) {
            b.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            b.warmupIterations(3);
        }
        if (!cli.getWarmupTime().hasValue()) {
            b.warmupTime(TimeValue.seconds(2));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            b.measurementIterations(5);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            b.measurementTime(TimeValue.seconds(2));
        }
        if (!cli.getThreads().hasValue()) {
            b.threads(1);
        }
        double load = ProcessStats.loadAverage();
        double busy0 = ProcessStats.machineBusySeconds();
        long t0 = System.nanoTime();
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        Options options = b.build();
        new Runner(options).run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double busy = (ProcessStats.machineBusySeconds() - busy0) / wall;
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("started", started);
        env.put("loadAverage", Math.round(load * 100) / 100.0);
        // the benchmark itself keeps about one core busy; the rest is other processes
        env.put("otherCpuCores", Math.round(Math.max(0, busy - 1) * 100) / 100.0);
        env.put("machine", Machine.current());
        env.put("settings", String.format(java.util.Locale.ROOT, "Average time per call, %d benchmark thread(s), %d fork(s), "
                        + "%d x %s warm-up, %d x %s measurement; the models run with one ONNX Runtime thread.",
                options.getThreads().get(), options.getForkCount().get(), options.getWarmupIterations().get(),
                options.getWarmupTime().get(), options.getMeasurementIterations().get(), options.getMeasurementTime().get()));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("environment.json").toFile(), env);
    }
}
