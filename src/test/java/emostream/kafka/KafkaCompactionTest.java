package emostream.kafka;

import emostream.publish.EmotionEvent;
import emostream.publish.EventJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What docs/KAFKA.md promises a consumer that keeps the last record per id, checked where Kafka itself keeps it: a
 * compacted emotion topic on the real broker, fed by the real pipeline (ONNX Runtime, Vosk, MiniLM), compacted by
 * the broker's log cleaner. Every window must survive with its last (final) revision; keyed by stream id, compaction
 * would have kept one record per stream.
 */
class KafkaCompactionTest {

    static EmbeddedKafka kafka;

    @BeforeAll
    static void broker() {
        kafka = KafkaTestSupport.broker();
    }

    @Test
    void compactedEmotionTopicKeepsTheLastRevisionOfEveryWindow() throws Exception {
        String p = "compact";
        int partitions = 2;
        try (Admin admin = kafka.admin()) {
            // the cleaner looks for work every 15 s by default; ask it to look often (a dynamic broker setting)
            try {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""),
                        List.of(new AlterConfigOp(new ConfigEntry("log.cleaner.backoff.ms", "500"),
                                AlterConfigOp.OpType.SET)))).all().get();
            } catch (Exception e) {
                System.err.println("log.cleaner.backoff.ms not changed (" + e + "); waiting for the default");
            }
            admin.createTopics(List.of(
                    new NewTopic(p + "-audio", partitions, (short) 1),
                    new NewTopic(p + "-transcripts", partitions, (short) 1),
                    new NewTopic(p + "-emotions", partitions, (short) 1).configs(Map.of(
                            "cleanup.policy", "compact",
                            "segment.ms", "200",                  // short segments: only closed ones are cleaned
                            "min.cleanable.dirty.ratio", "0.001",
                            "min.compaction.lag.ms", "0")))).all().get();
            KafkaTopics.awaitLeaders(admin, List.of(p + "-audio", p + "-transcripts", p + "-emotions"), 30_000);
        }
        Map<String, float[]> audio = new LinkedHashMap<>();
        audio.put("cara", KafkaPipelineTest.audio("I am so happy to see you again, this is wonderful news.", 3, 3 * 16000));
        audio.put("dan", KafkaPipelineTest.audio("Leave me alone, I told you not to touch my things.", 4, 3 * 16000));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        audio.forEach((s, pcm) -> expected.put(s, RealPipeline.ids(s, pcm, true, "emotion").stream().distinct().toList()));
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka)) {
            AudioPublisher pub = new AudioPublisher(producer, p + "-audio", 1600, 0);
            for (Map.Entry<String, float[]> e : audio.entrySet()) {
                pub.publish(e.getKey(), e.getValue(), 0, 0, true);
            }
        }
        Map<String, EmotionEvent> lastBefore = new HashMap<>();
        int before;
        try (KafkaTestSupport.Instance i = new KafkaTestSupport.Instance(kafka, p, Map.of(),
                sink -> RealPipeline.detector(sink, true), EventJson::toJson)) {
            List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                    Duration.ofSeconds(60), r -> KafkaPipelineTest.hasAll(r, expected)
                            && KafkaPipelineTest.allFinal(r, expected));
            before = got.size();
            for (ConsumerRecord<byte[], byte[]> r : got) {
                EmotionEvent e = (EmotionEvent) EventJson.parse(new String(r.value(), StandardCharsets.UTF_8));
                assertEquals(e.id(), new String(r.key(), StandardCharsets.UTF_8), "key = window id");
                assertEquals(StreamPartitioner.forKey(e.stream().getBytes(StandardCharsets.UTF_8), partitions),
                        r.partition(), "a stream's records in the partition its id hashes to");
                lastBefore.put(e.id(), e);
            }
        }
        assertTrue(lastBefore.values().stream().allMatch(EmotionEvent::isFinal), "every window closed before compaction");
        boolean revised = before > lastBefore.size();
        if (emostream.SpeechSynth.available()) {
            assertTrue(revised, "speech: some windows were revised, so there is something to compact");
        }
        // the cleaner never touches a partition's active segment: one more record per partition, after segment.ms,
        // rolls the segment that holds the events
        Thread.sleep(300);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka)) {
            for (int k = 0; k < partitions; k++) {
                producer.send(new ProducerRecord<>(p + "-emotions", k, "roll".getBytes(StandardCharsets.UTF_8),
                        "roll".getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        // compacted: one record per window id (and the roll records) left in the topic
        List<ConsumerRecord<byte[], byte[]>> after = List.of();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            after = readAll(p + "-emotions");
            if (after.size() == lastBefore.size() + partitions || !revised) {
                break;
            }
            Thread.sleep(500);
        }
        Map<String, EmotionEvent> kept = new LinkedHashMap<>();
        Map<String, Integer> perStream = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : after) {
            String v = new String(r.value(), StandardCharsets.UTF_8);
            if (v.equals("roll")) {
                continue;
            }
            EmotionEvent e = (EmotionEvent) EventJson.parse(v);
            assertFalse(kept.containsKey(e.id()), "compaction keeps one record of " + e.id());
            kept.put(e.id(), e);
            perStream.merge(e.stream(), 1, Integer::sum);
        }
        System.err.println("compaction: " + before + " records of " + lastBefore.size() + " windows before, "
                + (after.size() - partitions) + " after");
        if (revised) {
            assertEquals(lastBefore.size() + partitions, after.size(), "the cleaner compacted the topic: " + before
                    + " records, " + lastBefore.size() + " windows");
        }
        for (String stream : expected.keySet()) {
            for (String id : expected.get(stream)) {
                EmotionEvent e = kept.get(id);
                assertTrue(e != null, "window " + id + " survives compaction");
                assertTrue(e.isFinal(), id + " keeps its final record");
                assertEquals(lastBefore.get(id).revision(), e.revision(), id + " keeps its last revision");
                assertEquals(lastBefore.get(id).label(), e.label(), id + " keeps its last label");
            }
            assertEquals(expected.get(stream).size(), perStream.get(stream), "every window of " + stream);
        }
    }

    /** Every record of {@code topic}, from the start to the end offsets of this moment. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
