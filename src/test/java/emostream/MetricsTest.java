package emostream;

import emostream.metrics.Metrics;
import org.junit.jupiter.api.Test;

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
        assertTrue(text.contains("# TYPE emostream_windows_total counter\nemostream_windows_total 3\n"), text);
        assertTrue(text.contains("emostream_active_streams 2\n"), text);
        assertTrue(text.contains("emostream_inference_seconds_bucket{le=\"0.005\"} 1\n"), text);
        assertTrue(text.contains("emostream_inference_seconds_bucket{le=\"0.05\"} 2\n"), text);
        assertTrue(text.contains("emostream_inference_seconds_bucket{le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("emostream_inference_seconds_count 3\n"), text);
    }
}
