package emostream.kafka;

import emostream.metrics.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;

/**
 * Poison audio records go to the dead-letter topic unchanged (key, value, original headers) plus
 * {@code dlq-reason} (a {@link Poison.Reason} code), {@code dlq-error} (the one-line explanation) and where the
 * record came from ({@code dlq-topic}, {@code dlq-partition}, {@code dlq-offset}). Counted in metrics, logged in
 * one line; the stream and the service go on.
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    static final String REASON = "dlq-reason";
    static final String ERROR = "dlq-error";
    static final String TOPIC = "dlq-topic";
    static final String PARTITION = "dlq-partition";
    static final String OFFSET = "dlq-offset";

    private final KafkaOutput output;
    private final String topic;
    private final Metrics.Counter total;
    private final Map<Poison.Reason, Metrics.Counter> byReason = new EnumMap<>(Poison.Reason.class);

    DeadLetters(KafkaOutput output, String topic) {
        this.output = output;
        this.topic = topic;
        Metrics m = Metrics.global();
        total = m.counter("emostream_kafka_dead_letters_total", "Audio records sent to the dead-letter topic");
        for (Poison.Reason r : Poison.Reason.values()) {
            byReason.put(r, m.counter("emostream_kafka_dead_letters_" + r.code.replace('-', '_') + "_total",
                    "Audio records sent to the dead-letter topic because of " + r.code));
        }
    }

    void send(ConsumerRecord<byte[], byte[]> record, Poison poison) {
        total.inc();
        byReason.get(poison.reason()).inc();
        String key = record.key() == null ? "(no key)" : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        log.warn("audio record {}-{}@{} (stream {}) to dead letters: {}: {}", record.topic(), record.partition(),
                record.offset(), key, poison.reason().code, poison.getMessage());
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(REASON, AudioChunk.utf8(poison.reason().code));
        headers.add(ERROR, AudioChunk.utf8(poison.getMessage()));
        headers.add(TOPIC, AudioChunk.utf8(record.topic()));
        headers.add(PARTITION, AudioChunk.utf8(Integer.toString(record.partition())));
        headers.add(OFFSET, AudioChunk.utf8(Long.toString(record.offset())));
        output.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers));
    }
}
