package emostream.publish;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.asr.Word;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one wire format of events: a single-line JSON object per event, the same on stdout, WebSocket and Kafka.
 * <pre>
 * {"type":"emotion","id":"mic:12","stream":"mic","seq":12,"start_ms":6000,"end_ms":8000,"label":"anger",
 *  "confidence":0.71,"probabilities":{"neutral":0.1,...},"smoothed_label":"anger","transcript":"i told you",
 *  "modalities":["audio","text"],"model":"emostream-fused-v1","revision":1,"final":true,"asr_lag_ms":null,
 *  "asr_skipped":false}
 * {"type":"transcript","id":"mic:t3","stream":"mic","seq":3,"start_ms":5200,"end_ms":7900,"text":"i told you",
 *  "words":[{"word":"i","start_ms":5200,"end_ms":5300,"conf":1.0}],"final":true}
 * </pre>
 * The JSON Schemas of both ({@code src/main/resources/schema/emotion.schema.json}, {@code transcript.schema.json}) are
 * the contract; the tests check every event they see against them.
 * Written with the streaming generator (no reflection, fixed field order); probabilities and confidences are
 * rounded to {@value #DECIMALS} decimals, which is all a consumer can use and keeps lines short.
 */
public final class EventJson {

    public static final int DECIMALS = 4;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private EventJson() {
    }

    /** The event as one line of JSON (no trailing newline). */
    public static String toJson(Event event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(event, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    public static byte[] toBytes(Event event) {
        return toJson(event).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes one event object into an open generator. */
    public static void write(Event event, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", event.type());
        g.writeStringField("id", event.id());
        g.writeStringField("stream", event.stream());
        g.writeNumberField("seq", event.seq());
        // sealed: exactly these two (pattern switch needs Java 21)
        if (event instanceof EmotionEvent e) {
            writeEmotion(e, g);
        } else {
            writeTranscript((TranscriptEvent) event, g);
        }
        g.writeEndObject();
    }

    private static void writeEmotion(EmotionEvent e, JsonGenerator g) throws IOException {
        g.writeNumberField("start_ms", e.startMs());
        g.writeNumberField("end_ms", e.endMs());
        g.writeStringField("label", e.label());
        g.writeNumberField("confidence", round(e.confidence()));
        g.writeObjectFieldStart("probabilities");
        for (Map.Entry<String, Double> p : e.probabilities().entrySet()) {
            g.writeNumberField(p.getKey(), round(p.getValue()));
        }
        g.writeEndObject();
        g.writeStringField("smoothed_label", e.smoothedLabel());
        g.writeStringField("transcript", e.transcript());
        g.writeArrayFieldStart("modalities");
        for (String m : e.modalities()) {
            g.writeString(m);
        }
        g.writeEndArray();
        g.writeStringField("model", e.model());
        g.writeNumberField("revision", e.revision());
        g.writeBooleanField("final", e.isFinal());
        if (e.asrLagMs() == null) {
            g.writeNullField("asr_lag_ms");
        } else {
            g.writeNumberField("asr_lag_ms", e.asrLagMs());
        }
        g.writeBooleanField("asr_skipped", e.asrSkipped());
    }

    private static void writeTranscript(TranscriptEvent t, JsonGenerator g) throws IOException {
        g.writeNumberField("start_ms", t.startMs());
        g.writeNumberField("end_ms", t.endMs());
        g.writeStringField("text", t.text());
        g.writeArrayFieldStart("words");
        for (Word w : t.words()) {
            g.writeStartObject();
            g.writeStringField("word", w.word());
            g.writeNumberField("start_ms", w.startMs());
            g.writeNumberField("end_ms", w.endMs());
            g.writeNumberField("conf", round(w.confidence()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("final", t.isFinal());
    }

    private static double round(double v) {
        if (!Double.isFinite(v)) {
            return 0; // JSON has no NaN; a model never legitimately produces one
        }
        return Math.round(v * 10_000d) / 10_000d;
    }

    /**
     * Reads an event line back (consumers, tests, Kafka replays).
     *
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public static Event parse(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("event is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("event is not a JSON object");
        }
        String type = text(n, "type");
        return switch (type) {
            case "emotion" -> new EmotionEvent(text(n, "stream"), number(n, "seq"), number(n, "start_ms"), number(n, "end_ms"),
                    text(n, "label"), n.path("confidence").asDouble(), probabilities(n.path("probabilities")),
                    n.path("smoothed_label").isTextual() ? n.get("smoothed_label").asText() : null,
                    n.path("transcript").isTextual() ? n.get("transcript").asText() : null,
                    strings(n.path("modalities")), n.path("model").isTextual() ? n.get("model").asText() : null,
                    // records written before revisions existed are a window's only record
                    n.path("revision").asInt(0), n.path("final").asBoolean(true),
                    n.path("asr_lag_ms").isNumber() ? n.get("asr_lag_ms").asLong() : null, n.path("asr_skipped").asBoolean(false));
            case "transcript" -> new TranscriptEvent(text(n, "stream"), number(n, "seq"), number(n, "start_ms"),
                    number(n, "end_ms"), text(n, "text"), words(n.path("words")), n.path("final").asBoolean(true));
            default -> throw new IllegalArgumentException("unknown event type '" + type + "'");
        };
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("event lacks the text field '" + field + "'");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("event lacks the number field '" + field + "'");
        }
        return v.asLong();
    }

    private static Map<String, Double> probabilities(JsonNode n) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asDouble());
        }
        return m;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<Word> words(JsonNode n) {
        List<Word> out = new ArrayList<>();
        for (JsonNode w : n) {
            out.add(new Word(w.path("word").asText(), w.path("start_ms").asLong(), w.path("end_ms").asLong(),
                    w.path("conf").asDouble(1.0)));
        }
        return out;
    }
}
