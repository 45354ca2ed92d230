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
