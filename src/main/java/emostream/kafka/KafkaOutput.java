package emostream.kafka;

import emostream.metrics.Metrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one idempotent producer of an instance (events and dead letters), with the bookkeeping that at-least-once
 * needs: how many sends are not yet acknowledged and how many failed. The consumer commits audio offsets only
 * when {@link #awaitAcked} says everything sent so far is acknowledged and {@link #failures()} has not moved;
 * a failure makes it replay from the last commit instead.
 */
public final class KafkaOutput implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaOutput.class);

    private final Producer<byte[], byte[]> producer;
    private final Object lock = new Object();
    private long outstanding;          // guarded by lock
    private long failures;             // guarded by lock
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final Metrics.Counter sent;
    private final Metrics.Counter failed;

    public KafkaOutput(Map<String, Object> producerConfig) {
        this(new KafkaProducer<>(producerConfig, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer()));
    }

    KafkaOutput(Producer<byte[], byte[]> producer) {
        this.producer = producer;
        Metrics m = Metrics.global();
        this.sent = m.counter("emostream_kafka_records_sent_total", "Records acknowledged by Kafka (events and dead letters)");
        this.failed = m.counter("emostream_kafka_send_failures_total", "Records Kafka did not acknowledge in time (they are replayed)");
        m.gauge("emostream_kafka_unacknowledged_records", "Records sent and not yet acknowledged by Kafka", this::outstanding);
    }

    /**
     * Sends without waiting. Never throws: a record the client refuses at once (no metadata within
     * {@code max.block.ms}, too large) counts as a failure like one that times out later.
     */
    public void send(ProducerRecord<byte[], byte[]> record) {
        synchronized (lock) {
            outstanding++;
        }
        try {
            producer.send(record, (meta, error) -> completed(record.topic(), error));
        } catch (KafkaException | IllegalStateException e) {
            completed(record.topic(), e);
        }
    }

    private void completed(String topic, Exception error) {
        if (error == null) {
            sent.inc();
        } else {
            failed.inc();
            String msg = "topic " + topic + ": " + error.getClass().getSimpleName() + ": " + error.getMessage();
            if (!msg.equals(lastError.getAndSet(msg))) {
                log.warn("Kafka did not take a record ({}); the audio it came from will be replayed", msg);
            }
        }
        synchronized (lock) {
            outstanding--;
            if (error != null) {
                failures++;
            }
            lock.notifyAll();
        }
    }

    /** Waits until every record sent so far is acknowledged or failed; false when {@code timeout} ran out first. */
    public boolean awaitAcked(Duration timeout) throws InterruptedException {
        // not producer.flush(): it cannot time out, and while the broker is away it would block this thread
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    public long outstanding() {
        synchronized (lock) {
            return outstanding;
        }
    }

    /** Failed sends since this output was made; compare with an earlier value to see new ones. */
    public long failures() {
        synchronized (lock) {
            return failures;
        }
    }

    public String lastError() {
        return lastError.get();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    public void close(Duration timeout) {
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            log.warn("closing the Kafka producer: {}", e.toString());
        }
    }
}
