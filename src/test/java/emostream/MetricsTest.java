package emostream;

import emostream.metrics.Metrics;
import emostream.metrics.PrometheusText;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    @Test
    void rendersPrometheusText() {
        Metrics m = new Metrics();
        m.counter("emostream_windows_total", "Windows classified").add(3);
        m.gauge("emostream_active_streams", "Streams open", () -> 2);
        Metrics.Histogram h = m.histogram("emostream_inference_seconds", "Model latency", 0.005, 0.01, 0.05);
        h.observe(0.004);
        h.observe(0.02);
        h.observe(1.0);
        String text = m.toPrometheus();
        assertTrue(text.contains("# TYPE emostream_windows_total counter\nemostream_windows_total 3.0\n"), text);
        assertTrue(text.contains("emostream_active_streams 2.0\n"), text);
        assertTrue(text.contains("emostream_inference_seconds_bucket{le=\"0.005\"} 1\n"), text);
        assertTrue(text.contains("emostream_inference_seconds_bucket{le=\"0.05\"} 2\n"), text);
        assertTrue(text.contains("emostream_inference_seconds_bucket{le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("emostream_inference_seconds_count 3\n"), text);
        PrometheusText.assertValid(text);
    }

    @Test
    void theSameNameIsTheSameMetricAndAGaugeCanBeRepointed() {
        Metrics m = new Metrics();
        m.counter("emostream_x_total", "x").inc();
        m.counter("emostream_x_total", "").add(2);
        assertEquals(3, m.counter("emostream_x_total", "").get());
        m.gauge("emostream_open", "open", () -> 1);
        m.gauge("emostream_open", "open", () -> 5); // a second detector on the same registry
        m.gauges("emostream_lag_seconds", "lag", "stream", () -> Map.of("a\"b", 0.5));
        String text = m.toPrometheus();
        assertTrue(text.contains("emostream_open 5.0\n"), text);
        assertTrue(text.contains("emostream_lag_seconds{stream=\"a\\\"b\"} 0.5\n"), text);
        PrometheusText.assertValid(text);
    }

    @Test
    void carriesTheJvmAndProcessMetrics() {
        String text = new Metrics().toPrometheus();
        for (String name : new String[] {"jvm_memory_used_bytes{area=\"heap\"}", "jvm_memory_used_bytes{area=\"nonheap\"}",
                "jvm_buffer_pool_used_bytes{pool=\"direct\"}", "jvm_gc_collection_seconds_count{gc=",
                "jvm_threads_current ", "process_resident_memory_bytes ", "process_cpu_seconds_total "}) {
            assertTrue(text.contains("\n" + name), name + " in\n" + text);
        }
        PrometheusText.assertValid(text);
    }
}
