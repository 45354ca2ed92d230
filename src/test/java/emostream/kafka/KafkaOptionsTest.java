package emostream.kafka;

import emostream.cli.Main;
import emostream.config.Config;
import emostream.config.ConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaOptionsTest {

    @Test
    void flagsBecomeKafkaSettings() {
        KafkaOptions o = new KafkaOptions();
        new CommandLine(o).parseArgs("--kafka", "b1:9092,b2:9092", "--audio-topic", "mics", "--emotion-topic", "moods",
                "--transcript-topic", "", "--group", "eu-west");
        KafkaSettings s = KafkaSettings.from(Config.defaults().with(o.overrides()));
        assertTrue(s.enabled());
        assertEquals("b1:9092,b2:9092", s.bootstrap());
        assertEquals("mics", s.audioTopic());
        assertEquals("moods", s.emotionTopic());
        assertEquals("", s.transcriptTopic());
        assertEquals("eu-west", s.group());
        assertEquals(true, s.consumerConfig("c").get("enable.auto.commit").equals(false));
        assertEquals(true, s.producerConfig("p").get("enable.idempotence"));
        assertEquals(Map.of(), new KafkaOptions().overrides());
    }

    @Test
    void badSettingsNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> KafkaSettings.from(Config.defaults().with("kafka.audio.topic", "no spaces")));
        assertTrue(e.getMessage().contains("kafka.audio.topic"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> KafkaSettings.from(Config.defaults().with("kafka.emotion.topic", "emostream-audio")));
        assertTrue(e.getMessage().contains("differ"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> KafkaSettings.from(Config.defaults().with("kafka.group.protocol", "gossip")));
        assertTrue(e.getMessage().contains("kafka.group.protocol"), e.getMessage());
    }

    @Test
    void runAndProduceListTheKafkaFlags() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute("run", "--help"));
            assertEquals(0, Main.execute("produce", "--help"));
        } finally {
            System.setOut(saved);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        for (String flag : new String[] {"--kafka", "--embedded-kafka", "--audio-topic", "--emotion-topic",
                "--transcript-topic", "--dead-letter-topic", "--group", "--stream", "--realtime", "--fast"}) {
            assertTrue(help.contains(flag), flag + " in\n" + help);
        }
    }
}
