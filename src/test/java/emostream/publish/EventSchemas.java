package emostream.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The published JSON Schemas of the events ({@code src/main/resources/schema/}), for tests: every event a test sees
 * on a sink, a WebSocket, a Kafka topic or a JSON-lines file goes through {@link #check}.
 */
public final class EventSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema EMOTION = load("emotion");
    private static final Schema TRANSCRIPT = load("transcript");

    private EventSchemas() {
    }

    private static Schema load(String name) {
        try (InputStream in = EventSchemas.class.getResourceAsStream("/schema/" + name + ".schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/" + name + ".schema.json is not on the class path");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema violations of one event's JSON text (empty when it is valid). */
    public static List<String> violations(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        Schema schema = switch (n.path("type").asText()) {
            case "emotion" -> EMOTION;
            case "transcript" -> TRANSCRIPT;
            default -> null;
        };
        if (schema == null) {
            return List.of("unknown type " + n.path("type"));
        }
        return schema.validate(n).stream().map(Error::toString).toList();
    }

    /** Throws an AssertionError naming the violations when {@code json} is not a valid event. */
    public static String check(String json) {
        List<String> v = violations(json);
        if (!v.isEmpty()) {
            throw new AssertionError("event does not match its JSON Schema: " + v + "\n  " + json);
        }
        return json;
    }

    /** Serialises {@code event} as every sink does and checks it. */
    public static void check(Event event) {
        check(EventJson.toJson(event));
    }
}
