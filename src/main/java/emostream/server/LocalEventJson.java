package emostream.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import emostream.asr.Word;
import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.TranscriptEvent;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Stand-in for the runtime's {@code emostream.publish.EventJson} until it is on main: writes the documented
 * event fields. Deleted when EventJson lands; nothing else in this package knows the field names.
 */
final class LocalEventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private LocalEventJson() {
    }

    static String toJson(Event event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", event.type());
            g.writeStringField("id", event.id());
            g.writeStringField("stream", event.stream());
            g.writeNumberField("seq", event.seq());
            if (event instanceof EmotionEvent e) {
                g.writeNumberField("start_ms", e.startMs());
                g.writeNumberField("end_ms", e.endMs());
                g.writeStringField("label", e.label());
                g.writeNumberField("confidence", e.confidence());
                g.writeObjectFieldStart("probabilities");
                for (Map.Entry<String, Double> p : e.probabilities().entrySet()) {
                    g.writeNumberField(p.getKey(), p.getValue());
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
            } else if (event instanceof TranscriptEvent t) {
                g.writeNumberField("start_ms", t.startMs());
                g.writeNumberField("end_ms", t.endMs());
                g.writeStringField("text", t.text());
                g.writeArrayFieldStart("words");
                for (Word w : t.words()) {
                    g.writeStartObject();
                    g.writeStringField("word", w.word());
                    g.writeNumberField("start_ms", w.startMs());
                    g.writeNumberField("end_ms", w.endMs());
                    g.writeNumberField("conf", w.confidence());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeBooleanField("final", t.isFinal());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
