package emostream.kafka;

import emostream.config.Config;
import emostream.publish.Event;
import emostream.publish.EventJson;
import emostream.publish.EventSink;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Everything Kafka for one instance, built from {@code kafka.*} settings: the embedded broker if asked for, the
 * topics, the idempotent producer, the event sink (emotion and transcript topics) and the audio source (the audio
 * topic, consumer group, dead letters). The run command subscribes {@link #sink()} to its event bus and pumps
 * {@link #source()} into the detector.
 */
public final class KafkaPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaPipeline.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final KafkaSettings settings;
    private final EmbeddedKafka embedded;
    private final KafkaOutput output;
    private final KafkaEventSink sink;
    private final String clientId;
    private KafkaAudioSource source;

    private KafkaPipeline(KafkaSettings settings, EmbeddedKafka embedded, Function<Event, String> json) {
        this.settings = settings;
        this.embedded = embedded;
        this.clientId = "emostream-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        java.util.Map<String, Object> producer = settings.producerConfig(clientId);
        StreamPartitioner.use(producer, settings.emotionTopic());   // window-id keys, one partition per stream
        this.output = new KafkaOutput(producer);
        this.sink = new KafkaEventSink(output, settings.emotionTopic(), settings.transcriptTopic(), json,
                // flushing is a courtesy at shutdown (commits do not depend on it): do not hang on a dead broker
                Duration.ofMillis(Math.min(10_000, settings.deliveryTimeoutMs())));
    }

    /** {@link #start(Config, Function)} with the standard event JSON ({@link EventJson}). */
    public static KafkaPipeline start(Config config) {
        return start(config, EventJson::toJson);
    }

    /**
     * Starts the embedded broker (when {@code kafka.embedded}), creates missing topics (when
     * {@code kafka.topics.create}) and the producer. A broker that cannot be reached is no error here: the
     * clients keep retrying, and the source logs while it waits.
     *
     * @param json an event's JSON text ({@code emostream.publish.EventJson::toJson})
     */
    public static KafkaPipeline start(Config config, Function<Event, String> json) {
        KafkaSettings s = KafkaSettings.from(config);
        EmbeddedKafka embedded = null;
        if (s.embedded()) {
            embedded = EmbeddedKafka.start(s.embeddedPort());
            s = s.withBootstrap(embedded.bootstrapServers());
            log.info("embedded Kafka broker at {}; send audio with: ./run.sh produce --bootstrap {} --file talk.wav "
                    + "--stream demo", s.bootstrap(), s.bootstrap());
        }
        try {
            String[] topics = {s.audioTopic(), s.emotionTopic(), s.deadLetterTopic(), s.transcriptTopic()};
            // say at once when nothing listens, rather than after the clients' silent time-outs
            String down = embedded != null ? null : BrokerProbe.unreachable(s.bootstrap(), PROBE_TIMEOUT);
            boolean ready = true;
            if (down != null) {
                log.warn("Kafka at {} is not reachable ({}); still running, retrying until it answers", s.bootstrap(), down);
                ready = false;
            } else if (s.createTopics()) {
                ready = KafkaTopics.ensure(s, topics);
            }
            KafkaPipeline p = new KafkaPipeline(s, embedded, json);
            if (!ready) {
                Thread t = new Thread(() -> awaitBroker(p.settings, topics), "kafka-connect");
                t.setDaemon(true);
                p.retry = t;
                t.start();
            }
            return p;
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private volatile Thread retry;

    /**
     * Retries (backoff 1 s doubling to 30 s) until the broker answers, logging every attempt at most every 15 s, then
     * creates the topics (when {@code kafka.topics.create}) and says so. The clients retry on their own meanwhile.
     */
    private static void awaitBroker(KafkaSettings s, String[] topics) {
        long t0 = System.nanoTime();
        long lastLog = t0;
        long backoff = 1000;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(backoff);
                backoff = Math.min(30_000, backoff * 2);
                String down = BrokerProbe.unreachable(s.bootstrap(), PROBE_TIMEOUT);
                if (down == null && (!s.createTopics() || KafkaTopics.ensure(s, topics))) {
                    log.info("Kafka at {} answers after {} s{}", s.bootstrap(), (System.nanoTime() - t0) / 1_000_000_000,
                            s.createTopics() ? "; topics checked" : "");
                    return;
                }
                if (System.nanoTime() - lastLog >= 15_000_000_000L) {
                    lastLog = System.nanoTime();
                    log.warn("still no Kafka at {} after {} s ({}); retrying", s.bootstrap(),
                            (lastLog - t0) / 1_000_000_000, down == null ? "it does not answer requests" : down);
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    public KafkaSettings settings() {
        return settings;
    }

    /** Where clients connect: the configured servers, or the embedded broker's address. */
    public String bootstrap() {
        return settings.bootstrap();
    }

    /** Publishes emotion and transcript events; subscribe it to the detector's event bus. */
    public EventSink sink() {
        return sink;
    }

    /** The audio-topic consumer of this instance (made on first call; one per pipeline). */
    public synchronized KafkaAudioSource source() {
        if (source == null) {
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.consumerConfig(clientId),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            source = new KafkaAudioSource(consumer, settings.audioTopic(), output, settings.deadLetterTopic(),
                    settings.sourceOptions());
        }
        return source;
    }

    /** Stops the source (if it runs, its pump returns), delivers what is pending, stops the embedded broker. */
    @Override
    public void close() {
        Thread r = retry;
        if (r != null) {
            r.interrupt();
        }
        KafkaAudioSource s;
        synchronized (this) {
            s = source;
        }
        if (s != null) {
            s.close();
        }
        sink.flush();
        output.close(Duration.ofSeconds(10));
        if (embedded != null) {
            embedded.close();
        }
    }
}
