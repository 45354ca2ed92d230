package emostream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Results of the JMH stage benchmarks ({@code mvn -Pbench -DskipTests verify} writes them to target/jmh/), read
 * back so the report shows them beside the stream runs.
 *
 * @param rows        one per benchmark and parameter set
 * @param environment what the JMH runner recorded about the machine while it ran (load, other processes' CPU)
 */
record Jmh(List<Row> rows, Map<String, Object> environment) {

    /** The benchmark that measures the audio path target: streaming spec3d of a window + CNN, batch 1, one thread. */
    static final String AUDIO_PATH = "AudioPathBench.streamingWindow";

    /**
     * @param benchmark class.method without the package
     * @param params    JMH parameters, e.g. {@code batch=8}
     * @param score     average time in {@code unit}
     * @param error     99.9% confidence half-width
     * @param batch     items per call (the {@code batch} or {@code seconds} parameter, else 1)
     * @param cpuMs     CPU time of the benchmark thread per call in ms ({@code CpuTime} counters), NaN if not recorded
     */
    record Row(String benchmark, String params, double score, double error, String unit, double batch, double cpuMs) {
    }

    /** {@code null} when the file does not exist. */
    static Jmh read(Path results) throws IOException {
        if (results == null || !Files.isRegularFile(results)) {
            return null;
        }
        ObjectMapper json = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        for (JsonNode b : json.readTree(results.toFile())) {
            String name = b.path("benchmark").asText();
            String[] parts = name.split("\\.");
            String shortName = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : name;
            StringBuilder params = new StringBuilder();
            double batch = 1;
            for (Iterator<Map.Entry<String, JsonNode>> it = b.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.append(params.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asText());
                if (e.getKey().equals("batch") || e.getKey().equals("seconds")) { // items per call
                    batch = Double.parseDouble(e.getValue().asText());
                }
            }
            JsonNode pm = b.path("primaryMetric");
            double score = pm.path("score").asDouble();
            double error = pm.path("scoreError").asDouble(Double.NaN);
            JsonNode sec = b.path("secondaryMetrics");
            double cpuNanos = sec.path("cpuNanos").path("score").asDouble(Double.NaN);
            double calls = sec.path("calls").path("score").asDouble(Double.NaN);
            double cpuMs = calls > 0 ? cpuNanos / calls / 1e6 : Double.NaN;
            rows.add(new Row(shortName, params.toString(), score, error, pm.path("scoreUnit").asText(), batch, cpuMs));
        }
        Path envFile = results.resolveSibling("environment.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> env = Files.isRegularFile(envFile) ? json.readValue(envFile.toFile(), Map.class) : Map.of();
        return new Jmh(List.copyOf(rows), env);
    }

    /** The first row of {@code benchmark} (class.method), or {@code null}. */
    Row find(String benchmark) {
        for (Row r : rows) {
            if (r.benchmark().equals(benchmark)) {
                return r;
            }
        }
        return null;
    }
}
