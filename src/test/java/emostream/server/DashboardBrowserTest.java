package emostream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.metrics.Metrics;
import emostream.publish.EmotionEvent;
import emostream.publish.EventBus;
import emostream.publish.TranscriptEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real browser on the dashboard: headless Chromium (driven by playwright-core from {@code src/test/js}) presses
 * "Start microphone"; Chromium's fake capture device plays an espeak-ng sentence, which goes through the
 * AudioWorklet and /ws/audio into the pipeline; label, chart and transcript must update. Screenshots land in
 * {@code target/dashboard*.png}.
 */
@Timeout(180)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path NODE_MODULES = Path.of("src", "main", "web", "node_modules");

    @Test
    void speechThroughTheMicrophoneButtonUpdatesLabelChartAndTranscript() throws Exception {
        emostream.RealParts.require(Speech.onPath("node"), "node is not installed (apt-get install nodejs npm)");
        emostream.RealParts.require(Files.isExecutable(CHROMIUM),
                CHROMIUM + " is missing (apt-get install chromium)");
        assertTrue(Files.isDirectory(NODE_MODULES.resolve("playwright-core")),
                "playwright-core is missing: the build's npm ci (mvn generate-resources) installs it");
        Path out = Path.of("target").toAbsolutePath();
        TestPipeline.engine(); // skips without the trained model, before the browser starts
        Speech.Clip clip = Speech.say(Speech.SENTENCE, out.resolve("browser-test").resolve("speech.wav"));

        EventBus bus = new EventBus();
        try (TestPipeline pipeline = TestPipeline.start(bus);
             WebServer server = WebServer.start(TestServers.settings(Map.of()), bus, pipeline.receiver, pipeline.streams,
                     new Metrics())) {
            ProcessBuilder pb = new ProcessBuilder("node", Path.of("src", "test", "js", "dashboard.browser.cjs").toString(),
                    server.url(), clip.wav().toString(), out.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            // playwright-core lives with the dashboard's npm packages
            pb.environment().put("NODE_PATH", NODE_MODULES.toAbsolutePath().toString());
            pb.environment().put("CHROMIUM", CHROMIUM.toString());
            Process node = pb.start();
            node.getOutputStream().close();
            StringBuilder printed = new StringBuilder();
            try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                    node.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    printed.append(line).append('\n');
                    step(line.strip(), bus);
                }
            }
            String stdout = printed.toString();
            assertTrue(node.waitFor(150, TimeUnit.SECONDS), "the browser test finished");
            String last = stdout.strip().lines().reduce((a, b) -> b).orElse("{}");
            JsonNode r = new ObjectMapper().readTree(last);
            assertEquals(0, node.exitValue(), "browser test failed: " + stdout);

            assertTrue(r.path("connected").asBoolean(), last);
            assertTrue(r.path("micStream").asText().startsWith("browser-"), last);
            assertFalse(r.path("label").asText().isEmpty(), "label updated: " + last);
            assertFalse(r.path("labelWhileSpeaking").asText().equals("silence"), "an emotion while speaking: " + last);
            assertFalse(r.path("segments").path(0).path("label").asText().isEmpty(), "the segment's emotion: " + last);
            assertTrue(r.path("segments").toString().contains("angry"), "what was said: " + last);
            assertTrue(r.path("points").asInt() >= 4, "chart updated: " + last);
            assertTrue(r.path("series").asInt() >= 2, "one series per emotion: " + last);
            assertTrue(r.path("segments").size() >= 1, "transcript updated: " + last);
            assertFalse(r.path("phoneOverflow").asBoolean(), "no sideways scrolling at phone width: " + last);
            // the real pipeline's revisions land in place: the timeline marks them, the transcript tag settles
            assertTrue(r.path("micRevisions").asInt() > 0, "windows revised in place: " + last);
            assertTrue(r.path("chartFused").asInt() > 0, "the timeline marks the revised windows: " + last);
            assertTrue(r.path("segmentStates").toString().contains("fused"), "a transcript tag says it was revised: " + last);
            // layout at 1280 px
            r.path("labelFit").fields().forEachRemaining(f ->
                    assertTrue(f.getValue().asBoolean(), "the label '" + f.getKey() + "' is on one line: " + last));
            assertTrue(r.path("lastTickOverflow").asDouble() <= 0.5, "the last time label is not clipped: " + last);
            // two live streams: the page names the one it follows and sticks to it
            assertTrue(r.path("followSamples").asInt() >= 5, "the followed stream is named on screen: " + last);
            assertEquals(0, r.path("followFlips").asInt(), "no flipping between two active streams: " + last);
            assertTrue(r.path("followOption").asText().startsWith("follow active (duo-"), last);
            // a window's label changes in place when its revision arrives
            assertEquals("neutral", r.path("provisionalLabel").asText(), last);
            assertEquals("anger", r.path("revisedLabel").asText(), last);
            assertTrue(r.path("revisedFrom").asText().contains("revised"), last);
            assertEquals("fused", r.path("revisedChip").path("state").asText(), last);
            assertTrue(r.path("revisedChip").path("text").asText().startsWith("anger"), last);
            assertEquals(1, r.path("revisedChartFused").asInt(), last);
            assertEquals(1, r.path("revisedWindows").asInt(), "the revision replaced the window, added none: " + last);
            assertEquals(List.of(), errors(r), "no errors in the page");
            assertTrue(Files.size(out.resolve("dashboard.png")) > 10_000, "screenshot saved");
        }
    }

    /** The script's cues: publish a window's first record, then its transcript and revision (the label changes). */
    private static void step(String line, EventBus bus) {
        Map<String, Double> neutral = new java.util.LinkedHashMap<>();
        neutral.put("neutral", 0.7);
        neutral.put("anger", 0.3);
        Map<String, Double> anger = new java.util.LinkedHashMap<>();
        anger.put("neutral", 0.2);
        anger.put("anger", 0.8);
        if (line.equals("STEP ready-revision")) {
            bus.publish(new EmotionEvent("rev-demo", 7, 3500, 5500, "neutral", 0.7, neutral, "neutral", null,
                    List.of("audio"), "test", 0, false, null, false));
        } else if (line.equals("STEP saw-provisional")) {
            bus.publish(new TranscriptEvent("rev-demo", 350, 3600, 5200, "i told you so", List.of(), true));
            bus.publish(new EmotionEvent("rev-demo", 7, 3500, 5500, "anger", 0.8, anger, "anger", "i told you so",
                    List.of("audio", "text"), "test", 1, true, null, false));
        }
    }

    private static List<String> errors(JsonNode r) {
        List<String> e = new java.util.ArrayList<>();
        r.path("errors").forEach(n -> e.add(n.asText()));
        return e;
    }
}
