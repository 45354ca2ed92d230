package emostream.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A small, dependency-free metrics registry rendered in the Prometheus text format by {@code GET /metrics}.
 * Every stage registers what it counts here; one process-wide instance ({@link #global()}) unless a test
 * wants its own. Lock-free on the hot path (LongAdder, atomic bucket counts).
 */
public final class Metrics {

    public Metrics() {
    }

    private static final Metrics GLOBAL = new Metrics();

    private final Map<String, Metric> metrics = new ConcurrentSkipListMap<>();

    public static Metrics global() {
        return GLOBAL;
    }

    /** A monotonically increasing count; same name returns the same counter. */
    public Counter counter(String name, String help) {
        return (Counter) metrics.computeIfAbsent(name, n -> new Counter(n, help));
    }

    /** A value read when scraped (active streams, connected clients). Re-registering replaces the supplier. */
    public void gauge(String name, String help, DoubleSupplier value) {
        metrics.put(name, new Gauge(name, help, value));
    }

    /**
     * A gauge per value of one label (e.g. {@code stream}), read when scraped: {@code name{label="v"} x}.
     * Re-registering replaces the supplier.
     */
    public void gauges(String name, String help, String label, Supplier<Map<String, Double>> values) {
        metrics.put(name, new LabelledGauge(name, help, label, values));
    }

    /** Cumulative histogram with the given upper bounds (seconds for latencies). */
    public Histogram histogram(String name, String help, double... bounds) {
        return (Histogram) metrics.computeIfAbsent(name, n -> new Histogram(n, help, bounds));
    }

    /** Writes every metric in the Prometheus text exposition format (version 0.0.4). */
    public void writePrometheus(Appendable out) {
        try {
            for (Metric m : metrics.values()) {
                m.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String toPrometheus() {
        StringBuilder sb = new StringBuilder();
        writePrometheus(sb);
        return sb.toString();
    }

    private abstract static class Metric {
        final String name;
        final String help;

        Metric(String name, String help) {
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalArgumentException("invalid metric name: " + name);
            }
            this.name = name;
            this.help = help;
        }

        void header(Appendable out, String type) throws IOException {
            out.append("# HELP ").append(name).append(' ').append(help.replace("\n", " ")).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        abstract void write(Appendable out) throws IOException;
    }

    public static final class Counter extends Metric {
        private final LongAdder count = new LongAdder();

        Counter(String name, String help) {
            super(name, help);
        }

        public void inc() {
            count.increment();
        }

        public void add(long n) {
            count.add(n);
        }

        public long get() {
            return count.sum();
        }

        @Override
        void write(Appendable out) throws IOException {
            header(out, "counter");
            out.append(name).append(' ').append(Long.toString(get())).append('\n');
        }
    }

    private static final class Gauge extends Metric {
        private final DoubleSupplier value;

        Gauge(String name, String help, DoubleSupplier value) {
            super(name, help);
            this.value = value;
        }

        @Override
        void write(Appendable out) throws IOException {
            header(out, "gauge");
            out.append(name).append(' ').append(format(value.getAsDouble())).append('\n');
        }
    }

    private static final class LabelledGauge extends Metric {
        private final String label;
        private final Supplier<Map<String, Double>> values;

        LabelledGauge(String name, String help, String label, Supplier<Map<String, Double>> values) {
            super(name, help);
            if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("invalid label name: " + label);
            }
            this.label = label;
            this.values = values;
        }

        @Override
        void write(Appendable out) throws IOException {
            header(out, "gauge");
            for (Map.Entry<String, Double> e : new java.util.TreeMap<>(values.get()).entrySet()) {
                out.append(name).append('{').append(label).append("=\"").append(escape(e.getKey())).append("\"} ")
                        .append(format(e.getValue())).append('\n');
            }
        }

        /** The exposition format's label value escapes. */
        private static String escape(String v) {
            return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }
    }

    public static final class Histogram extends Metric {
        private final double[] bounds;
        private final AtomicLongArray buckets;
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        Histogram(String name, String help, double[] bounds) {
            super(name, help);
            this.bounds = bounds.clone();
            java.util.Arrays.sort(this.bounds);
            this.buckets = new AtomicLongArray(bounds.length);
        }

        public void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    buckets.incrementAndGet(i);
                    break;
                }
            }
            count.increment();
            sum.add(value);
        }

        public long count() {
            return count.sum();
        }

        /** Sum of all observed values. */
        public double sum() {
            return sum.sum();
        }

        @Override
        void write(Appendable out) throws IOException {
            header(out, "histogram");
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += buckets.get(i);
                out.append(name).append("_bucket{le=\"").append(format(bounds[i])).append("\"} ")
                        .append(Long.toString(cumulative)).append('\n');
            }
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(Long.toString(count.sum())).append('\n');
            out.append(name).append("_sum ").append(format(sum.sum())).append('\n');
            out.append(name).append("_count ").append(Long.toString(count.sum())).append('\n');
        }
    }

    private static String format(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
