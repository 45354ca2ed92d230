package emostream.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.asr.Word;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {

    static EmotionEvent anger() {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("neutral", 0.1);
        p.put("anger", 0.712345678);
        p.put("sadness", 0.187654322);
        return new EmotionEvent("mic", 12, 6000, 8000, "anger", 0.712345678, p, "anger", "i told you",
                List.of("audio", "text"), "emostream-fused-v1");
    }

    @Test
    void emotionEventHasTheDocumentedShape() {
        String json = EventJson.toJson(anger());
        assertEquals("{\"type\":\"emotion\",\"id\":\"mic:12\",\"stream\":\"mic\",\"seq\":12,\"start_ms\":6000,\"end_ms\":8000,"
                + "\"label\":\"anger\",\"confidence\":0.7123,\"probabilities\":{\"neutral\":0.1,\"anger\":0.7123,\"sadness\":0.1877},"
                + "\"smoothed_label\":\"anger\",\"transcript\":\"i told you\",\"modalities\":[\"audio\",\"text\"],"
                + "\"model\":\"emostream-fused-v1\",\"revision\":0,\"final\":true,\"asr_lag_ms\":null,\"asr_skipped\":false}", json);
        assertFalse(json.contains("\n"));
        EventSchemas.check(json);
    }

    @Test
    void silenceAndTranscriptEvents() throws Exception {
        EmotionEvent silence = new EmotionEvent("f", 3, 1500, 3500, EmotionEvent.SILENCE, 0, Map.of(), EmotionEvent.SILENCE,
                null, List.of(), "m");
        JsonNode n = new ObjectMapper().readTree(EventJson.toJson(silence));
        assertEquals("silence", n.get("label").asText());
        assertEquals(0, n.get("probabilities").size());
        assertEquals(0, n.get("modalities").size());
        assertTrue(n.get("transcript").isNull());

        TranscriptEvent t = new TranscriptEvent("mic", 3, 5200, 7900, "i told \"you\"",
                List.of(new Word("i", 5200, 5300, 1.0), new Word("told", 5300, 5600, 0.91234)), true);
        String json = EventJson.toJson(t);
        assertEquals("{\"type\":\"transcript\",\"id\":\"mic:t3\",\"stream\":\"mic\",\"seq\":3,\"start_ms\":5200,\"end_ms\":7900,"
                + "\"text\":\"i told \\\"you\\\"\",\"words\":[{\"word\":\"i\",\"start_ms\":5200,\"end_ms\":5300,\"conf\":1.0},"
                + "{\"word\":\"told\",\"start_ms\":5300,\"end_ms\":5600,\"conf\":0.9123}],\"final\":true}", json);
        assertEquals(json, EventJson.toJson(EventJson.parse(json)));
        TranscriptEvent partial = new TranscriptEvent("mic", 4, 8000, 8100, "so", List.of(), false);
        assertEquals("mic:t4:partial", EventJson.parse(EventJson.toJson(partial)).id());
    }

    @Test
    void parseRoundTripsAndNamesWhatIsWrong() {
        EmotionEvent back = (EmotionEvent) EventJson.parse(EventJson.toJson(anger()));
        assertEquals("mic:12", back.id());
        assertEquals(0.7123, back.confidence(), 1e-9);
        assertEquals(List.of("neutral", "anger", "sadness"), List.copyOf(back.probabilities().keySet()));
        assertEquals("i told you", back.transcript());
        EmotionEvent silence = (EmotionEvent) EventJson.parse(
                "{\"type\":\"emotion\",\"stream\":\"s\",\"seq\":1,\"start_ms\":0,\"end_ms\":2000,\"label\":\"silence\",\"transcript\":null}");
        assertNull(silence.transcript());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventJson.parse("{not json"))
                .getMessage().startsWith("event is not valid JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventJson.parse("[1]"))
                .getMessage().contains("not a JSON object"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventJson.parse("{\"type\":\"x\"}"))
                .getMessage().contains("unknown event type"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventJson.parse("{\"type\":\"emotion\",\"stream\":\"s\"}"))
                .getMessage().contains("'seq'"));
    }

    @Test
    void sinksWriteOneLinePerEvent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonLinesSink json = new JsonLinesSink(bytes, true);
        json.publish(anger());
        json.publish(new TranscriptEvent("mic", 0, 0, 500, "hi", List.of(), true));
        json.close();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertEquals("emotion", EventJson.parse(lines[0]).type());

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ConsoleSink console = new ConsoleSink(text, false);
        console.publish(anger());
        console.publish(new TranscriptEvent("mic", 0, 0, 500, "hi", List.of(), false)); // partial: hidden
        console.publish(new TranscriptEvent("mic", 0, 65_000, 66_500, "hi", List.of(), true));
        String out = text.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.contains("00:06.0-00:08.0     anger       71%  ~anger"), out);
        assertTrue(out.contains("sadness 19% neutral 10%  \"i told you\""), out);
        assertTrue(out.contains("01:05.0-01:06.5     transcript \"hi\""), out);
        assertEquals("1:01:01.5", ConsoleSink.clock(3_661_500));
    }

    @Test
    void revisionsRoundTripAndMatchTheSchema() {
        EmotionEvent provisional = new EmotionEvent("mic", 12, 6000, 8000, "neutral", 0.5, Map.of("neutral", 0.5, "anger", 0.5),
                "neutral", null, List.of("audio"), "m", 0, false, 2500L, false);
        EmotionEvent revised = anger().next(true, null, false);
        for (EmotionEvent e : List.of(provisional, revised)) {
            String json = EventJson.toJson(e);
            EventSchemas.check(json);
            assertEquals(json, EventJson.toJson(EventJson.parse(json)));
        }
        assertEquals(provisional.id(), revised.id());
        assertEquals(1, revised.revision());
        // a record from before revisions existed is a window's only record
        EmotionEvent old = (EmotionEvent) EventJson.parse("{\"type\":\"emotion\",\"stream\":\"s\",\"seq\":1,\"start_ms\":0,"
                + "\"end_ms\":2000,\"label\":\"silence\",\"transcript\":null}");
        assertEquals(0, old.revision());
        assertTrue(old.isFinal());
        // the schema refuses what the contract forbids
        String bad = EventJson.toJson(provisional).replace("\"revision\":0", "\"revision\":-1");
        assertFalse(EventSchemas.violations(bad).isEmpty());
        String textWithoutModality = EventJson.toJson(anger()).replace("[\"audio\",\"text\"]", "[\"audio\"]");
        assertFalse(EventSchemas.violations(textWithoutModality).isEmpty());
        EventSchemas.check(EventJson.toJson(new TranscriptEvent("mic", 4, 8000, 8100, "so", List.of(), false)));
    }

    @Test
    void theConsoleShowsARevisionWhenItChangesSomethingAndHidesTheClosingRecord() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ConsoleSink console = new ConsoleSink(text, false);
        EmotionEvent provisional = new EmotionEvent("mic", 12, 6000, 8000, "neutral", 0.5, Map.of("neutral", 0.5, "anger", 0.5),
                "neutral", null, List.of("audio"), "m", 0, false, 2500L, false);
        console.publish(provisional);
        console.publish(provisional.next(true, null, false));   // closes it, says nothing new
        EmotionEvent fused = new EmotionEvent("mic", 13, 6500, 8500, "anger", 0.8, Map.of("neutral", 0.2, "anger", 0.8),
                "anger", "i told you", List.of("audio", "text"), "m", 1, true, null, false);
        console.publish(fused);
        String out = text.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.contains("[asr 2.5 s behind]"), out);
        assertTrue(out.contains("00:06.5-00:08.5  r1 anger"), out);
    }
}
