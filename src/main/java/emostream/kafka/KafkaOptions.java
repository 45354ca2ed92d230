package emostream.kafka;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka flags of {@code run} (a picocli mixin). They only set {@code kafka.*} keys, so the same can be had
 * from a config file or {@code EMOSTREAM_KAFKA_*} variables. {@link KafkaRun#attach} does the wiring.
 */
public final class KafkaOptions {

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "Kafka brokers: read audio from the audio topic, publish events to the emotion topic.")
    String bootstrap;

    @Option(names = "--embedded-kafka",
            description = "Start a single-node Kafka broker in this process (demos; port kafka.embedded.port).")
    boolean embedded;

    @Option(names = "--audio-topic", paramLabel = "TOPIC", description = "Audio input topic (kafka.audio.topic).")
    String audioTopic;

    @Option(names = "--emotion-topic", paramLabel = "TOPIC", description = "Emotion events topic (kafka.emotion.topic).")
    String emotionTopic;

    @Option(names = "--transcript-topic", paramLabel = "TOPIC",
            description = "Transcript events topic; '' to not publish them (kafka.transcript.topic).")
    String transcriptTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", description = "Poison audio records (kafka.dead-letter.topic).")
    String deadLetterTopic;

    @Option(names = "--group", paramLabel = "ID", description = "Consumer group shared by scaled-out instances (kafka.group).")
    String group;

    /** The flags as config overrides (empty when none was given). */
    public Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>();
        if (bootstrap != null) {
            m.put("kafka.enabled", "true");
            m.put("kafka.bootstrap", bootstrap);
        }
        if (embedded) {
            m.put("kafka.enabled", "true");
            m.put("kafka.embedded", "true");
        }
        put(m, "kafka.audio.topic", audioTopic);
        put(m, "kafka.emotion.topic", emotionTopic);
        put(m, "kafka.transcript.topic", transcriptTopic);
        put(m, "kafka.dead-letter.topic", deadLetterTopic);
        put(m, "kafka.group", group);
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
