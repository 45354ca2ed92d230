package emostream.kafka;

import emostream.config.Config;
import emostream.config.ConfigException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The {@code kafka.*} settings, checked once at start, and the client configurations made from them. */
public record KafkaSettings(
        boolean enabled,
        String bootstrap,
        boolean embedded,
        int embeddedPort,
        String audioTopic,
        String emotionTopic,
        String transcriptTopic,
        String deadLetterTopic,
        String group,
        String groupProtocol,
        String offsetReset,
        int deliveryTimeoutMs,
        int maxBlockMs,
        boolean createTopics,
        int partitions,
        Map<String, String> clientProperties,
        int produceChunkMs,
        KafkaAudioSource.Options sourceOptions) {

    public static KafkaSettings from(Config c) {
        int delivery = c.intValue("kafka.delivery.timeout.ms", 1_000, Integer.MAX_VALUE);
        KafkaAudioSource.Options options = new KafkaAudioSource.Options(
                Duration.ofMillis(100),
                Duration.ofMillis(c.intValue("kafka.commit.interval.ms", 10, 3_600_000)),
                Duration.ofMillis(c.intValue("kafka.ack.timeout.ms", 10, 3_600_000)),
                c.longValue("kafka.max.unacknowledged", 1, 10_000_000),
                Duration.ofMillis(c.intValue("kafka.retry.backoff.ms", 1, 3_600_000)),
                Duration.ofMillis(c.intValue("kafka.retry.backoff.max.ms", 1, 3_600_000)),
                Duration.ofSeconds(c.intValue("kafka.stream.idle.seconds", 0, 1_000_000)));
        String audio = c.string("kafka.audio.topic");
        String emotion = c.string("kafka.emotion.topic");
        String dlq = c.string("kafka.dead-letter.topic");
        for (String[] t : new String[][] {{"kafka.audio.topic", audio}, {"kafka.emotion.topic", emotion},
                {"kafka.dead-letter.topic", dlq}}) {
            if (!t[1].matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new ConfigException(t[0], "'" + t[1] + "' is not a valid topic name (letters, digits, . _ -)");
            }
        }
        String transcripts = c.string("kafka.transcript.topic");
        if (!transcripts.isBlank() && !transcripts.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new ConfigException("kafka.transcript.topic", "'" + transcripts + "' is not a valid topic name");
        }
        if (audio.equals(emotion) || audio.equals(dlq) || audio.equals(transcripts)) {
            throw new ConfigException("kafka.audio.topic", "'" + audio + "' must differ from the output topics");
        }
        String bootstrap = c.string("kafka.bootstrap");
        boolean embedded = c.bool("kafka.embedded");
        if (bootstrap.isBlank() && !embedded) {
            throw new ConfigException("kafka.bootstrap", "is empty (give --kafka HOST:PORT or --embedded-kafka)");
        }
        return new KafkaSettings(
                c.bool("kafka.enabled") || embedded,
                bootstrap,
                embedded,
                c.intValue("kafka.embedded.port", 0, 65_535),
                audio, emotion, transcripts, dlq,
                nonBlank(c, "kafka.group"),
                c.choice("kafka.group.protocol", "classic", "consumer"),
                c.choice("kafka.offset.reset", "earliest", "latest"),
                delivery,
                c.intValue("kafka.max.block.ms", 1, Integer.MAX_VALUE),
                c.bool("kafka.topics.create"),
                c.intValue("kafka.topics.partitions", 1, 10_000),
                clientProperties(c),
                c.intValue("kafka.produce.chunk.ms", 10, 60_000),
                options);
    }

    /** The same settings talking to another broker (the embedded one). */
    public KafkaSettings withBootstrap(String servers) {
        return new KafkaSettings(enabled, servers, embedded, embeddedPort, audioTopic, emotionTopic, transcriptTopic,
                deadLetterTopic, group, groupProtocol, offsetReset, deliveryTimeoutMs, maxBlockMs, createTopics,
                partitions, clientProperties, produceChunkMs, sourceOptions);
    }

    /** Idempotent producer: retries cannot duplicate or reorder, acks from all in-sync replicas. */
    public Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> p = common(clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, deliveryTimeoutMs - 5));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        p.putAll(clientProperties);
        return p;
    }

    /** Manual commits; cooperative rebalancing so the streams that stay put keep running during a rebalance. */
    public Map<String, Object> consumerConfig(String clientId) {
        Map<String, Object> p = common(clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol);
        if (groupProtocol.equals("classic")) {
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        }
        p.putAll(clientProperties);
        return p;
    }

    public Map<String, Object> adminConfig(String clientId) {
        Map<String, Object> p = common(clientId);
        p.putAll(clientProperties);
        return p;
    }

    private Map<String, Object> common(String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // a broker outage: reconnect quickly at first, then back off to a few seconds
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 100);
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        p.put(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, 100);
        p.put(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 5_000);
        return p;
    }

    private static String nonBlank(Config c, String key) {
        String v = c.string(key);
        if (v.isBlank()) {
            throw new ConfigException(key, "must not be empty");
        }
        return v;
    }

    private static Map<String, String> clientProperties(Config c) {
        Path file = c.path("kafka.client.properties");
        if (file == null) {
            return Map.of();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("kafka.client.properties", "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return Map.copyOf(m);
    }
}
