package emostream.kafka;

import emostream.config.Config;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/** Helpers for tests against the real in-process broker. */
final class KafkaTestSupport {

    private static EmbeddedKafka shared;
    private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();

    private KafkaTestSupport() {
    }

    /** One broker for every Kafka test class in this JVM (starting one costs seconds); stopped at exit. */
    static synchronized EmbeddedKafka broker() {
        if (shared == null) {
            shared = EmbeddedKafka.start();
            EmbeddedKafka k = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(k::close));
        }
        return shared;
    }

    /** One detector instance: pipeline (producer, sink, consumer) + detector, pumping in its own thread. */
    static class Instance implements AutoCloseable {
        final KafkaPipeline pipeline;
        final java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
        final emostream.audio.AudioReceiver detector;
        final Thread thread;

        Instance(EmbeddedKafka kafka, String prefix, Map<String, String> config,
                 java.util.function.Function<emostream.publish.EventSink, emostream.audio.AudioReceiver> detectors,
                 java.util.function.Function<emostream.publish.Event, String> json) {
            pipeline = KafkaPipeline.start(config(kafka, prefix, config), json);
            emostream.publish.EventSink counting = new emostream.publish.EventSink() {
                @Override
                public void publish(emostream.publish.Event event) {
                    published.incrementAndGet();
                    pipeline.sink().publish(event);
                }
            };
            detector = detectors.apply(counting);
            thread = new Thread(() -> {
                try {
                    pipeline.source().pump(detector);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "instance-" + prefix + "-" + COUNT.incrementAndGet());
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            pipeline.close();
            thread.join(20_000);
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Stream ids that the default partitioner puts one in each of {@code n} partitions. */
    static List<String> onePerPartition(String prefix, int n) {
        String[] byPartition = new String[n];
        for (int i = 0; java.util.Arrays.asList(byPartition).contains(null); i++) {
            String id = prefix + i;
            int part = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    id.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % n;
            if (byPartition[part] == null) {
                byPartition[part] = id;
            }
        }
        return List.of(byPartition);
    }

    static void createTopics(EmbeddedKafka kafka, int partitions, String... topics) throws Exception {
        try (Admin admin = kafka.admin()) {
            List<NewTopic> list = new ArrayList<>();
            for (String t : topics) {
                list.add(new NewTopic(t, partitions, (short) 1));
            }
            admin.createTopics(list).all().get();
            KafkaTopics.awaitLeaders(admin, java.util.Arrays.asList(topics), 30_000);
        }
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        // The fixture that feeds the audio topic must not lose chunks on a machine so loaded that requests time out:
        // long timeouts, one request in flight (retries keep order), no idempotence (an overloaded broker has been
        // seen to answer an idempotent retry with OutOfOrderSequence and drop the batch). A duplicated chunk is what
        // the consumer under test skips anyway (seq-duplicate).
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1, ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads {@code topic} from the start until {@code done} holds for all records read so far, or the timeout. */
    static List<ConsumerRecord<byte[], byte[]>> readUntil(EmbeddedKafka kafka, String topic, Duration timeout,
                                                          Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
                if (done.test(all)) {
                    break;
                }
            }
        }
        return all;
    }

    /** Reproducible noise with a slow envelope: every window differs, so the audio hash pins its position. */
    static float[] noise(long seed, int samples) {
        Random r = new Random(seed);
        float[] pcm = new float[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (float) (0.3 * Math.sin(i / 700.0) * r.nextGaussian());
            pcm[i] = Math.max(-32768, Math.min(32767, Math.round(pcm[i] * 32768f))) / 32768f;   // exactly representable in s16le
        }
        return pcm;
    }

    /** Settings for tests: the given broker and topics, fast commits and backoff. */
    static Config config(EmbeddedKafka kafka, String prefix, Map<String, String> more) {
        Map<String, String> m = new java.util.HashMap<>(Map.of(
                "kafka.enabled", "true",
                "kafka.bootstrap", kafka.bootstrapServers(),
                "kafka.audio.topic", prefix + "-audio",
                "kafka.emotion.topic", prefix + "-emotions",
                "kafka.transcript.topic", prefix + "-transcripts",
                "kafka.dead-letter.topic", prefix + "-dlq",
                "kafka.group", prefix + "-group",
                "kafka.commit.interval.ms", "200",
                "kafka.retry.backoff.ms", "200",
                "kafka.retry.backoff.max.ms", "2000"));
        m.putAll(more);
        return Config.defaults().with(m);
    }
}
