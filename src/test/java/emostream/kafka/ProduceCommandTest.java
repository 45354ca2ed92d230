package emostream.kafka;

import emostream.audio.AudioFiles;
import emostream.cli.Main;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProduceCommandTest {

    @Test
    void publishesAFileAsNumberedChunksThatTheConsumerAccepts(@TempDir Path dir) throws Exception {
        EmbeddedKafka kafka = KafkaTestSupport.broker();
        Path wav = dir.resolve("talk.wav");
        AudioFiles.writeWav(wav, KafkaTestSupport.noise(1, 22050), 22050);   // 1 s at 22.05 kHz: converted to 16 kHz
        int rc = Main.execute("produce", "--file", wav.toString(), "--stream", "cli-1", "--bootstrap",
                kafka.bootstrapServers(), "--topic", "produce-audio", "--fast", "--chunk-ms", "250");
        assertEquals(0, rc);
        List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, "produce-audio",
                Duration.ofSeconds(20), r -> r.size() >= 4);
        assertEquals(4, got.size(), "1 s in 250 ms chunks");
        for (int i = 0; i < got.size(); i++) {
            AudioChunk c = AudioChunk.parse(got.get(i));
            assertEquals("cli-1", c.stream());
            assertEquals(i, c.seq());
            assertEquals(i * 4000L, c.startSample());
            assertEquals(16000, c.sampleRate());
            assertEquals(1, c.channels());
            assertEquals(i == 3, c.end());
            assertEquals(8000, c.payload().length);
        }
    }

    @Test
    void aCompressedFileGoesAsOneRecordNamedByItsFormat(@TempDir Path dir) throws Exception {
        EmbeddedKafka kafka = KafkaTestSupport.broker();
        Path mp3 = emostream.audio.Encoders.encode("mp3",
                emostream.audio.TestWavs.tone(dir.resolve("t.wav"), 1.0, 22050, 16, 1), dir.resolve("talk.mp3"));
        int rc = Main.execute("produce", "--file", mp3.toString(), "--stream", "rec-1", "--bootstrap",
                kafka.bootstrapServers(), "--topic", "produce-files", "--file-record");
        assertEquals(0, rc);
        List<ConsumerRecord<byte[], byte[]>> got = KafkaTestSupport.readUntil(kafka, "produce-files",
                Duration.ofSeconds(20), r -> r.size() >= 1);
        AudioChunk c = AudioChunk.parse(got.get(0));
        assertEquals("mp3", c.encoding());
        assertEquals(16000, new ChunkDecoder().decode(c).pcm().length, 160);
    }

    /** Nothing listening, or something that is not Kafka: one line and exit 1 within kafka.max.block.ms. */
    @Test
    void aBrokerThatIsNotThereFailsWithinMaxBlockMs(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("ok.wav");
        AudioFiles.writeWav(wav, new float[1600], 16000);
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            free = s.getLocalPort();
        }
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) { // accepts connections, never answers
            Thread acceptor = new Thread(() -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    held.forEach(h -> {
                        try {
                            h.close();
                        } catch (java.io.IOException ignored) {
                        }
                    });
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (int port : new int[] {free, silent.getLocalPort()}) {
                PrintStream saved = System.err;
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                long t0 = System.nanoTime();
                int rc;
                try {
                    rc = Main.execute("produce", "--file", wav.toString(), "--stream", "x", "--bootstrap",
                            "localhost:" + port, "--set", "kafka.max.block.ms=1500");
                } finally {
                    System.setErr(saved);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                String text = err.toString(StandardCharsets.UTF_8);
                assertEquals(1, rc, text);
                List<String> errors = text.lines().filter(l -> l.startsWith("error: ")).toList();
                assertEquals(1, errors.size(), text);
                assertTrue(errors.get(0).startsWith("error: Kafka at localhost:" + port + " "), errors.get(0));
                // max.block.ms, plus the producer's bounded close and the JVM's own slowness on a loaded machine
                assertTrue(seconds < 1.5 + 1.5 + 5, "failed after " + seconds + " s: " + text);
            }
        }
    }

    @Test
    void problemsAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("ok.wav");
        AudioFiles.writeWav(wav, new float[1600], 16000);
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int rc = Main.execute("produce", "--file", dir.resolve("missing.wav").toString(), "--stream", "x",
                    "--set", "kafka.topics.create=false");
            assertEquals(1, rc);
            rc = Main.execute("produce", "--file", wav.toString(), "--stream", "x", "--bootstrap", "localhost:1",
                    "--set", "kafka.topics.create=false", "--set", "kafka.max.block.ms=500", "--wav-record");
            assertEquals(1, rc);
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        List<String> errors = text.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(2, errors.size(), text);
        assertTrue(errors.get(0).contains("missing.wav"), errors.get(0));
        assertTrue(errors.get(1).contains("localhost:1"), errors.get(1));
        assertNull(text.lines().filter(l -> l.trim().startsWith("at ")).findFirst().orElse(null), "no stack trace");
    }
}
