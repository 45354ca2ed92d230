package emostream.kafka;

import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka plumbing against the real in-process broker, with a windowing test double in place of the model so
 * each window's audio hash proves where a resumed stream restarted.
 */
class KafkaFlowTest {

    static final int WINDOW = 8000;   // 0.5 s
    static final int HOP = 4000;      // 0.25 s
    static EmbeddedKafka kafka;

    /** "id hash" per event: enough to check completeness, order and replay fidelity. */
    static final Function<Event, String> FORMAT = e -> e.id() + " " + ((EmotionEvent) e).transcript();

    @BeforeAll
    static void broker() {
        kafka = KafkaTestSupport.broker();
    }

    /** An instance with the windowing test double as its detector. */
    static final class Instance extends KafkaTestSupport.Instance {
        Instance(String prefix, Map<String, String> config) {
            super(kafka, prefix, config, sink -> new FakeDetector(WINDOW, HOP, sink), FORMAT);
        }
    }

    /** Per stream: event ids in the order they arrived, and id -> hash (checking every repeat carries the same). */
    static Map<String, List<String>> byStream(List<ConsumerRecord<byte[], byte[]>> records, Map<String, String> hashes) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String[] v = new String(r.value(), StandardCharsets.UTF_8).split(" ");
            // emotion records are keyed by window id stream:seq
            String stream = new String(StreamPartitioner.streamPart(r.key()), StandardCharsets.UTF_8);
            String before = hashes.putIfAbsent(v[0], v[1]);
            assertTrue(before == null || before.equals(v[1]), "event " + v[0] + " repeated with other audio");
            out.computeIfAbsent(stream, k -> new ArrayList<>()).add(v[0]);
        }
        return out;
    }

    static boolean complete(List<ConsumerRecord<byte[], byte[]>> records, Map<String, Map<String, String>> expected) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        records.forEach(r -> seen.add(new String(r.value(), StandardCharsets.UTF_8)));
        return expected.values().stream().allMatch(m -> m.entrySet().stream()
                .allMatch(e -> seen.contains(e.getKey() + " " + e.getValue())));
    }

    @Test
    void fileToAudioTopicToEmotionTopicCompleteAndOrdered() throws Exception {
        String p = "flow";
        KafkaTestSupport.createTopics(kafka, 2, p + "-audio", p + "-emotions");
        Map<String, Map<String, String>> expected = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka)) {
            AudioPublisher pub = new AudioPublisher(producer, p + "-audio", 1600, 0);
            for (String s : List.of("alice", "bob")) {
                float[] pcm = KafkaTestSupport.noise(s.hashCode(), 3 * 16000 + 1234);
                pub.publish(s, pcm, 0, 0, true);
                expected.put(s, FakeDetector.expected(s, pcm, WINDOW, HOP));
            }
        }
        try (Instance i = new Instance(p, Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                    Duration.ofSeconds(30), r -> complete(r, expected));
            Map<String, String> hashes = new HashMap<>();
            Map<String, List<String>> streams = byStream(got, hashes);
            for (String s : expected.keySet()) {
                assertEquals(new ArrayList<>(expected.get(s).keySet()), streams.get(s), "stream " + s + " complete, in order, once");
            }
            expected.values().forEach(m -> m.forEach((id, h) -> assertEquals(h, hashes.get(id), id)));
        }
    }

    @Test
    void twoInstancesInOneGroupShareFourStreamsAndEmitEveryWindow() throws Exception {
        String p = "group";
        KafkaTestSupport.createTopics(kafka, 4, p + "-audio", p + "-emotions");
        List<String> names = KafkaTestSupport.onePerPartition("stream-", 4);
        Map<String, float[]> audio = new LinkedHashMap<>();
        Map<String, Map<String, String>> expected = new HashMap<>();
        for (String s : names) {
            audio.put(s, KafkaTestSupport.noise(s.hashCode(), 6 * 16000));
            expected.put(s, FakeDetector.expected(s, audio.get(s), WINDOW, HOP));
        }
        int half = 3 * 16000;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
             Instance a = new Instance(p, Map.of())) {
            // first halves: instance a alone opens every stream
            AudioPublisher pub = new AudioPublisher(producer, p + "-audio", 1600, 0);
            for (String s : names) {
                pub.publish(s, java.util.Arrays.copyOf(audio.get(s), half), 0, 0, false);
            }
            await(() -> a.published.get() >= 4 * 8, "instance a publishes");
            try (Instance b = new Instance(p, Map.of())) {
                // b joins mid-stream: streams move to it from their last commit
                await(() -> !b.pipeline.source().assignment().isEmpty(), "instance b gets partitions");
                for (String s : names) {
                    pub.publish(s, java.util.Arrays.copyOfRange(audio.get(s), half, audio.get(s).length),
                            half / 1600, half, true);
                }
                List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                        Duration.ofSeconds(40), r -> complete(r, expected));
                Map<String, String> hashes = new HashMap<>();
                Map<String, List<String>> streams = byStream(got, hashes);
                int total = 0;
                for (String s : names) {
                    List<String> ids = streams.get(s);
                    assertTrue(ids != null && ids.containsAll(expected.get(s).keySet()), "stream " + s + " has every window");
                    total += ids.size();
                }
                int windows = expected.values().stream().mapToInt(Map::size).sum();
                assertTrue(a.published.get() > 0 && b.published.get() > 0,
                        "both instances worked: " + a.published + " / " + b.published);
                // duplicates only where a stream changed hands: at most the windows since its last commit
                assertTrue(total - windows <= windows / 2, (total - windows) + " duplicates of " + windows + " windows");
            }
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        KafkaTestSupport.await(condition, what);
    }

    @Test
    void brokerRestartMidStreamLosesNoWindow() throws Exception {
        String p = "restart";
        KafkaTestSupport.createTopics(kafka, 1, p + "-audio", p + "-emotions");
        float[] pcm = KafkaTestSupport.noise(7, 6 * 16000);
        Map<String, Map<String, String>> expected = Map.of("live", FakeDetector.expected("live", pcm, WINDOW, HOP));
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
             Instance i = new Instance(p, Map.of("kafka.ack.timeout.ms", "500", "kafka.max.block.ms", "2000",
                     "kafka.delivery.timeout.ms", "4000"))) {
            // first half, then the broker goes away while the second half is being produced and processed
            new AudioPublisher(producer, p + "-audio", 1600, 0).publish("live", java.util.Arrays.copyOf(pcm, 3 * 16000), 0, 0, false);
            await(() -> i.published.get() >= 5, "events flow");
            kafka.stopBroker();
            Thread.sleep(6000);
            kafka.startBroker();
            new AudioPublisher(producer, p + "-audio", 1600, 0).publish("live",
                    java.util.Arrays.copyOfRange(pcm, 3 * 16000, pcm.length), 30, 3 * 16000, true);
            List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                    Duration.ofSeconds(60), r -> complete(r, expected));
            Map<String, String> hashes = new HashMap<>();
            List<String> ids = byStream(got, hashes).get("live");
            assertTrue(ids.containsAll(expected.get("live").keySet()), "every window after the outage: " + ids);
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndStreamsGoOn() throws Exception {
        String p = "poison";
        KafkaTestSupport.createTopics(kafka, 1, p + "-audio", p + "-emotions", p + "-dlq");
        float[] good = KafkaTestSupport.noise(3, 2 * 16000);
        Map<String, Map<String, String>> expected = Map.of("good", FakeDetector.expected("good", good, WINDOW, HOP));
        byte[] chunk = AudioPublisher.s16le(KafkaTestSupport.noise(4, 1600), 0, 1600);
        long dlqBefore = emostream.metrics.Metrics.global().counter("emostream_kafka_dead_letters_total", "").get();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka)) {
            String t = p + "-audio";
            AudioPublisher pub = new AudioPublisher(producer, t, 1600, 0);
            pub.publish("good", java.util.Arrays.copyOf(good, 16000), 0, 0, false);
            producer.send(record(t, null, chunk, "encoding", "pcm_s16le", "seq", "0", "sample-rate", "16000", "channels", "1"));
            producer.send(record(t, "bad", chunk, "encoding", "pcm_s16le", "sample-rate", "16000", "channels", "1"));
            producer.send(record(t, "bad", chunk, "encoding", "aac", "seq", "0", "sample-rate", "16000", "channels", "1"));
            producer.send(record(t, "bad", new byte[3], "encoding", "pcm_s16le", "seq", "0", "sample-rate", "16000", "channels", "1"));
            producer.send(record(t, "bad", chunk, "encoding", "pcm_s16le", "seq", "x1", "sample-rate", "16000", "channels", "1"));
            producer.send(record(t, "bad", "RIFF-not-really".getBytes(StandardCharsets.UTF_8), "encoding", "wav", "seq", "0"));
            for (String seq : List.of("0", "1", "1", "3", "4")) {
                producer.send(record(t, "gappy", chunk, "encoding", "pcm_s16le", "seq", seq, "sample-rate", "16000",
                        "channels", "1", "start-sample", Long.toString(Long.parseLong(seq) * 1600)));
            }
            pub.publish("good", java.util.Arrays.copyOfRange(good, 16000, good.length), 10, 16000, true);
        }
        try (Instance i = new Instance(p, Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.readUntil(kafka, p + "-dlq",
                    Duration.ofSeconds(30), r -> r.size() >= 8);
            List<String> reasons = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                reasons.add(new String(r.headers().lastHeader("dlq-reason").value(), StandardCharsets.UTF_8));
                assertTrue(r.headers().lastHeader("dlq-error").value().length > 0);
                assertEquals(p + "-audio", new String(r.headers().lastHeader("dlq-topic").value(), StandardCharsets.UTF_8));
            }
            assertEquals(List.of("missing-key", "missing-header", "unknown-encoding", "odd-byte-count", "bad-header",
                    "bad-audio", "seq-duplicate", "seq-gap"), reasons);
            List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                    Duration.ofSeconds(30), r -> complete(r, expected));
            Map<String, List<String>> streams = byStream(got, new HashMap<>());
            assertEquals(new ArrayList<>(expected.get("good").keySet()), streams.get("good"), "the good stream is whole");
            assertTrue(streams.containsKey("gappy"), "the gappy stream went on");
            assertEquals(8, emostream.metrics.Metrics.global().counter("emostream_kafka_dead_letters_total", "").get() - dlqBefore);
        }
    }

    static org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value,
                                                                                   String... headers) {
        org.apache.kafka.common.header.internals.RecordHeaders h = new org.apache.kafka.common.header.internals.RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, h);
    }
}
