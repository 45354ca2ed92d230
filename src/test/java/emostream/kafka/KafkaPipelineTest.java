package emostream.kafka;

import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.EventJson;
import emostream.publish.TranscriptEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenarios end to end with the real pipeline (Detector on ONNX Runtime; Vosk + MiniLM where the test
 * is about transcripts) and the real in-process broker. The scale-out, outage and poison tests run with
 * {@code asr.enabled=false}: they prove that every window is delivered across hand-overs and replays, which
 * speech recognition has no part in, and loading Vosk per detector would only cost time.
 */
class KafkaPipelineTest {

    static EmbeddedKafka kafka;

    @BeforeAll
    static void broker() {
        kafka = KafkaTestSupport.broker();
    }

    static KafkaTestSupport.Instance instance(String prefix, boolean asr, Map<String, String> config) {
        return new KafkaTestSupport.Instance(kafka, prefix, config, sink -> RealPipeline.detector(sink, asr),
                EventJson::toJson);
    }

    /** Speech when espeak-ng is installed (CI installs it), else reproducible noise. */
    static float[] audio(String text, long seed, int minSamples) throws Exception {
        float[] pcm = RealPipeline.speech(text);
        if (pcm == null) {
            pcm = KafkaTestSupport.noise(seed, minSamples);
        }
        return pcm.length >= minSamples ? pcm : Arrays.copyOf(pcm, minSamples);
    }

    /** Event ids per stream, in arrival order, of the given type. */
    static Map<String, List<String>> ids(List<ConsumerRecord<byte[], byte[]>> records, String type) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Event e = EventJson.parse(emostream.publish.EventSchemas.check(new String(r.value(), StandardCharsets.UTF_8)));
            assertEquals(e instanceof EmotionEvent ? e.id() : e.stream(), new String(r.key(), StandardCharsets.UTF_8),
                    "key = window id (emotion) or stream id (transcript)");
            if (e.type().equals(type)) {
                out.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e.id());
            }
        }
        return out;
    }

    /** Each window's records in the order they arrived (one partition per stream: the order they were sent). */
    static Map<String, List<EmotionEvent>> windows(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<EmotionEvent>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String json = new String(r.value(), StandardCharsets.UTF_8);
            emostream.publish.EventSchemas.check(json);
            if (EventJson.parse(json) instanceof EmotionEvent e) {
                assertEquals(Integer.toString(e.revision()), new String(r.headers().lastHeader("revision").value(),
                        StandardCharsets.UTF_8), "revision header");
                assertEquals(Boolean.toString(e.isFinal()), new String(r.headers().lastHeader("final").value(),
                        StandardCharsets.UTF_8), "final header");
                out.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /** Whether the last record seen of every expected window is final (a consumer keeping the latest per id is done). */
    static boolean allFinal(List<ConsumerRecord<byte[], byte[]>> records, Map<String, List<String>> expected) {
        Map<String, Boolean> last = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            last.put(new String(r.headers().lastHeader("id").value(), StandardCharsets.UTF_8),
                    Boolean.parseBoolean(new String(r.headers().lastHeader("final").value(), StandardCharsets.UTF_8)));
        }
        return expected.values().stream().flatMap(List::stream).allMatch(id -> last.getOrDefault(id, false));
    }

    static boolean hasAll(List<ConsumerRecord<byte[], byte[]>> records, Map<String, List<String>> expected) {
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            seen.add(new String(r.headers().lastHeader("id").value(), StandardCharsets.UTF_8));
        }
        return expected.values().stream().allMatch(seen::containsAll);
    }

    @Test
    void fileToAudioTopicToDetectorToEmotionTopic() throws Exception {
        String p = "real-flow";
        KafkaTestSupport.createTopics(kafka, 2, p + "-audio", p + "-emotions", p + "-transcripts");
        Map<String, float[]> audio = new LinkedHashMap<>();
        audio.put("anna", audio("I am so happy to see you again, this is wonderful news.", 1, 3 * 16000));
        audio.put("ben", audio("Leave me alone, I told you not to touch my things.", 2, 3 * 16000));
        boolean speech = emostream.SpeechSynth.available();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        audio.forEach((s, pcm) -> expected.put(s, RealPipeline.ids(s, pcm, true, "emotion").stream().distinct().toList()));
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka)) {
            AudioPublisher pub = new AudioPublisher(producer, p + "-audio", 1600, 0);
            for (Map.Entry<String, float[]> e : audio.entrySet()) {
                pub.publish(e.getKey(), e.getValue(), 0, 0, true);
            }
        }
        try (KafkaTestSupport.Instance i = instance(p, true, Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                    Duration.ofSeconds(60), r -> hasAll(r, expected) && allFinal(r, expected));
            Map<String, List<String>> streams = ids(got, "emotion");
            for (String s : expected.keySet()) {
                assertFalse(expected.get(s).isEmpty());
                assertEquals(expected.get(s), streams.get(s).stream().distinct().toList(),
                        "stream " + s + ": every window, first published in order");
            }
            Map<String, List<EmotionEvent>> records = windows(got);
            boolean revised = false;
            for (Map.Entry<String, List<EmotionEvent>> w : records.entrySet()) {
                List<EmotionEvent> rs = w.getValue();
                for (int k = 0; k < rs.size(); k++) {
                    assertEquals(k, rs.get(k).revision(), "revisions of " + w.getKey() + " in order, once: " + rs);
                    assertEquals(k == rs.size() - 1, rs.get(k).isFinal(), "only the last is final: " + rs);
                }
                revised |= rs.size() > 1 && !rs.get(0).fused() && rs.get(rs.size() - 1).fused();
            }
            if (speech) {
                assertTrue(revised, "a provisional audio-only record, then the fused revision under the same key and id");
            }
            if (speech) {
                List<ConsumerRecord<byte[], byte[]>> texts = KafkaTestSupport.readUntil(kafka, p + "-transcripts",
                        Duration.ofSeconds(30), r -> r.stream().map(x -> new String(x.key(), StandardCharsets.UTF_8))
                                .distinct().count() == 2);
                for (String s : audio.keySet()) {
                    String text = texts.stream().map(r -> EventJson.parse(emostream.publish.EventSchemas.check(
                            new String(r.value(), StandardCharsets.UTF_8))))
                            .filter(e -> e.stream().equals(s)).map(e -> ((TranscriptEvent) e).text())
                            .reduce("", (a, b) -> a + " " + b).trim();
                    assertFalse(text.isEmpty(), "stream " + s + " has a transcript on its own topic");
                }
            }
        }
    }

    @Test
    void twoDetectorsInOneGroupShareFourStreams() throws Exception {
        String p = "real-group";
        KafkaTestSupport.createTopics(kafka, 4, p + "-audio", p + "-emotions");
        List<String> names = KafkaTestSupport.onePerPartition("caller-", 4);
        String[] lines = {"Good morning, how are you doing today?", "I cannot believe you did that again.",
                "This is the best day of my whole life.", "Please do not leave me here alone tonight."};
        Map<String, float[]> audio = new LinkedHashMap<>();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int k = 0; k < 4; k++) {
            audio.put(names.get(k), audio(lines[k], k, 6 * 16000));
            expected.put(names.get(k), RealPipeline.ids(names.get(k), audio.get(names.get(k)), false, "emotion"));
        }
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
             KafkaTestSupport.Instance a = instance(p, false, Map.of())) {
            AudioPublisher pub = new AudioPublisher(producer, p + "-audio", 1600, 0);
            Map<String, Integer> half = new LinkedHashMap<>();
            for (String s : names) {
                half.put(s, audio.get(s).length / 2 / 1600 * 1600);
                pub.publish(s, Arrays.copyOf(audio.get(s), half.get(s)), 0, 0, false);
            }
            KafkaTestSupport.await(() -> a.published.get() >= 8, "instance a publishes");
            try (KafkaTestSupport.Instance b = instance(p, false, Map.of())) {
                KafkaTestSupport.await(() -> !b.pipeline.source().assignment().isEmpty(), "instance b gets partitions");
                for (String s : names) {
                    float[] pcm = audio.get(s);
                    pub.publish(s, Arrays.copyOfRange(pcm, half.get(s), pcm.length), half.get(s) / 1600, half.get(s), true);
                }
                List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                        Duration.ofSeconds(60), r -> hasAll(r, expected));
                Map<String, List<String>> streams = ids(got, "emotion");
                int total = 0;
                int windows = 0;
                for (String s : names) {
                    List<String> ids = streams.get(s);
                    assertTrue(ids != null && ids.containsAll(expected.get(s)), "stream " + s + " has every window: " + ids);
                    assertTrue(backwardJumps(ids) <= 1, "stream " + s + " in order but for one hand-over: " + ids);
                    total += ids.size();
                    windows += expected.get(s).size();
                }
                assertTrue(a.published.get() > 0 && b.published.get() > 0, "both detectors worked: "
                        + a.published + " / " + b.published);
                assertTrue(total - windows <= windows / 2, (total - windows) + " duplicates of " + windows + " windows");
            }
        }
    }

    /** How often the window number goes back (a replay after a hand-over or outage starts each). */
    static int backwardJumps(List<String> ids) {
        int jumps = 0;
        long last = -1;
        for (String id : ids) {
            long seq = Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
            if (seq <= last) {
                jumps++;
            }
            last = seq;
        }
        return jumps;
    }

    @Test
    void partialWordsReviseWindowsBeforeTheFinalResultClosesThem() throws Exception {
        emostream.RealParts.require(emostream.SpeechSynth.available(), "espeak-ng is not installed");
        String p = "real-partial";
        KafkaTestSupport.createTopics(kafka, 2, p + "-audio", p + "-emotions", p + "-transcripts");
        // one long utterance without a pause: Vosk keeps it open while its partial words grow
        float[] pcm = audio("I am really happy to see all of you here today and I hope that we can talk about "
                + "everything that matters to us", 11, 3 * 16000);
        List<String> expected = RealPipeline.ids("long", pcm, true, "emotion").stream().distinct().toList();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka)) {
            new AudioPublisher(producer, p + "-audio", 1600, 0).publish("long", pcm, 0, 0, true);
        }
        try (KafkaTestSupport.Instance i = instance(p, true, Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                    Duration.ofSeconds(60), r -> hasAll(r, Map.of("long", expected))
                            && allFinal(r, Map.of("long", expected)));
            List<ConsumerRecord<byte[], byte[]>> texts = KafkaTestSupport.readUntil(kafka, p + "-transcripts",
                    Duration.ofSeconds(30), r -> !r.isEmpty());
            Set<String> finalTexts = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : texts) {
                TranscriptEvent t = (TranscriptEvent) EventJson.parse(new String(r.value(), StandardCharsets.UTF_8));
                if (t.isFinal()) {
                    finalTexts.add(t.text());
                }
            }
            assertFalse(finalTexts.isEmpty(), "the final result came");
            Map<String, List<EmotionEvent>> records = windows(got);
            boolean fromPartial = false;
            for (Map.Entry<String, List<EmotionEvent>> w : records.entrySet()) {
                List<EmotionEvent> rs = w.getValue();
                for (int k = 0; k < rs.size(); k++) {
                    assertEquals(k, rs.get(k).revision(), "revisions of " + w.getKey() + " in order, once: " + rs);
                    assertEquals(k == rs.size() - 1, rs.get(k).isFinal(), "closed by its last record: " + rs);
                    // words no final result has: the open utterance's partial words, before the final closed it
                    fromPartial |= k > 0 && !rs.get(k).isFinal() && rs.get(k).transcript() != null
                            && !finalTexts.contains(rs.get(k).transcript());
                }
            }
            assertTrue(fromPartial, "a window revised from partial words, then closed, same id: " + records);
        }
    }

    @Test
    void brokerRestartMidStreamLosesNoWindow() throws Exception {
        String p = "real-restart";
        KafkaTestSupport.createTopics(kafka, 1, p + "-audio", p + "-emotions");
        float[] pcm = audio("The train was late again and nobody told us anything about it, nobody at all.", 9, 5 * 16000);
        List<String> expected = RealPipeline.ids("live", pcm, false, "emotion");
        int half = pcm.length / 2 / 1600 * 1600;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
             KafkaTestSupport.Instance i = instance(p, false, Map.of("kafka.ack.timeout.ms", "500",
                     "kafka.max.block.ms", "2000", "kafka.delivery.timeout.ms", "4000"))) {
            AudioPublisher pub = new AudioPublisher(producer, p + "-audio", 1600, 0);
            pub.publish("live", Arrays.copyOf(pcm, half), 0, 0, false);
            KafkaTestSupport.await(() -> i.published.get() >= 2, "events flow");
            kafka.stopBroker();
            Thread.sleep(6000);   // longer than the delivery timeout: events in flight are lost and replayed
            kafka.startBroker();
            pub.publish("live", Arrays.copyOfRange(pcm, half, pcm.length), half / 1600, half, true);
            List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                    Duration.ofSeconds(60), r -> hasAll(r, Map.of("live", expected)));
            List<String> ids = ids(got, "emotion").get("live");
            assertTrue(ids.containsAll(expected), "every window across the outage: " + ids);
        }
    }

    @Test
    void poisonRecordsLandInTheDeadLetterTopic() throws Exception {
        String p = "real-poison";
        KafkaTestSupport.createTopics(kafka, 1, p + "-audio", p + "-emotions", p + "-dlq");
        float[] pcm = audio("Hello there.", 5, 3 * 16000);
        List<String> expected = RealPipeline.ids("clean", pcm, false, "emotion");
        byte[] chunk = AudioPublisher.s16le(pcm, 0, 1600);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka)) {
            String t = p + "-audio";
            AudioPublisher pub = new AudioPublisher(producer, t, 1600, 0);
            pub.publish("clean", Arrays.copyOf(pcm, 16000), 0, 0, false);
            producer.send(KafkaFlowTest.record(t, "noisy", chunk, "encoding", "aac", "seq", "0", "sample-rate", "16000", "channels", "1"));
            producer.send(KafkaFlowTest.record(t, "noisy", Arrays.copyOf(chunk, 1001), "encoding", "pcm_s16le", "seq", "0",
                    "sample-rate", "16000", "channels", "1"));
            producer.send(KafkaFlowTest.record(t, "noisy", chunk, "encoding", "pcm_s16le", "seq", "0", "channels", "1"));
            pub.publish("clean", Arrays.copyOfRange(pcm, 16000, pcm.length), 10, 16000, true);
        }
        try (KafkaTestSupport.Instance i = instance(p, false, Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.readUntil(kafka, p + "-dlq",
                    Duration.ofSeconds(30), r -> r.size() >= 3);
            List<String> reasons = dead.stream().map(r -> new String(r.headers().lastHeader("dlq-reason").value(),
                    StandardCharsets.UTF_8)).toList();
            assertEquals(List.of("unknown-encoding", "odd-byte-count", "missing-header"), reasons);
            List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, p + "-emotions",
                    Duration.ofSeconds(30), r -> hasAll(r, Map.of("clean", expected)));
            // the poison records sat between seq 9 and 10 of "clean", which goes on and is whole
            assertEquals(expected, ids(got, "emotion").get("clean"));
        }
    }
}
