package emostream.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The one place metrics are registered: a Prometheus client registry behind the few calls the stages use,
 * rendered in the Prometheus text format by {@code GET /metrics}. One process-wide instance ({@link #global()})
 * unless a test or a bench run wants its own. Every registry also carries the client's JVM and process metrics
 * (heap and non-heap pools, direct buffers, GC, threads, resident memory, CPU), which the memory work reads.
 */
public final class Metrics {

    /** The Prometheus text format, version 0.0.4: what {@link #writePrometheus} writes. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final Metrics GLOBAL = new Metrics();
    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** By name: the same name returns the same counter or histogram; a gauge's value source can be replaced. */
    private final Map<String, Object> byName = new ConcurrentHashMap<>();

    public Metrics() {
        JvmMetrics.builder().register(registry);
    }

    public static Metrics global() {
        return GLOBAL;
    }

    /** A monotonically increasing count; same name returns the same counter. */
    public Counter counter(String name, String help) {
        return (Counter) byName.computeIfAbsent(name, n -> new Counter(
                io.prometheus.metrics.core.metrics.Counter.builder().name(n).help(help).withoutExemplars()
                        .register(registry)));
    }

    /** A value read when scraped (active streams, connected clients). Re-registering replaces the supplier. */
    public void gauge(String name, String help, DoubleSupplier value) {
        gauges(name, help, null, () -> Map.of("", value.getAsDouble()));
    }

    /**
     * A gauge per value of one label (e.g. {@code stream}), read when scraped: {@code name{label="v"} x}.
     * Re-registering replaces the supplier. A null label: one value without labels (the map's only value).
     */
    public void gauges(String name, String help, String label, Supplier<Map<String, Double>> values) {
        @SuppressWarnings("unchecked")
        AtomicReference<Supplier<Map<String, Double>>> source = (AtomicReference<Supplier<Map<String, Double>>>)
                byName.computeIfAbsent(name, n -> {
                    AtomicReference<Supplier<Map<String, Double>>> ref = new AtomicReference<>();
                    GaugeWithCallback.Builder b = GaugeWithCallback.builder().name(n).help(help);
                    if (label != null) {
                        b.labelNames(label).callback(cb -> new TreeMap<>(ref.get().get()).forEach((k, v) -> cb.call(v, k)));
                    } else {
                        b.callback(cb -> ref.get().get().values().forEach(cb::call));
                    }
                    b.register(registry);
                    return ref;
                });
        source.set(values);
    }

    /** Cumulative histogram with the given upper bounds (seconds for latencies); same name returns the same one. */
    public Histogram histogram(String name, String help, double... bounds) {
        return (Histogram) byName.computeIfAbsent(name, n -> new Histogram(
                io.prometheus.metrics.core.metrics.Histogram.builder().name(n).help(help).classicOnly()
                        .classicUpperBounds(bounds.length == 0 ? new double[] {Double.POSITIVE_INFINITY} : bounds)
                        .withoutExemplars().register(registry)));
    }

    /** Writes every metric in the Prometheus text exposition format (version 0.0.4). */
    public void writePrometheus(java.io.OutputStream out) {
        try {
            TEXT.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String toPrometheus() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writePrometheus(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A count the stages increment; {@link #get()} reads it back (tests, the bench). */
    public static final class Counter {
        private final io.prometheus.metrics.core.metrics.Counter counter;

        Counter(io.prometheus.metrics.core.metrics.Counter counter) {
            this.counter = counter;
        }

        public void inc() {
            counter.inc();
        }

        public void add(long n) {
            counter.inc(n);
        }

        public long get() {
            return counter.getLongValue();
        }
    }

    /** Latencies; {@link #count()} and {@link #sum()} read it back (the bench). */
    public static final class Histogram {
        private final io.prometheus.metrics.core.metrics.Histogram histogram;

        Histogram(io.prometheus.metrics.core.metrics.Histogram histogram) {
            this.histogram = histogram;
        }

        public void observe(double value) {
            histogram.observe(value);
        }

        public long count() {
            return histogram.getCount();
        }

        /** Sum of all observed values. */
        public double sum() {
            return histogram.getSum();
        }
    }
}
