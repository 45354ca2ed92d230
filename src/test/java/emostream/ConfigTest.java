package emostream;

import emostream.config.Config;
import emostream.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

    @Test
    void layersApplyInOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.properties");
        Files.writeString(file, "window.seconds = 3.0\nwindow.hop.seconds = 1.0\n");
        Config c = Config.load(file, Map.of("EMOSTREAM_WINDOW_HOP_SECONDS", "0.75", "EMOSTREAM_HOME_X", "ignored"),
                Map.of("model.threads", "2"));
        assertEquals(3.0, c.doubleValue("window.seconds", 0, 60));
        assertEquals(0.75, c.doubleValue("window.hop.seconds", 0, 60));
        assertEquals(2, c.intValue("model.threads", 0, 64));
    }

    @Test
    void unknownKeysAndBadValuesNameTheKey(@TempDir Path dir) throws Exception {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> Config.load(null, Map.of(), Map.of("window.secnds", "2")));
        assertTrue(unknown.getMessage().contains("window.secnds"), unknown.getMessage());

        Config c = Config.defaults().with("model.threads", "many");
        ConfigException bad = assertThrows(ConfigException.class, () -> c.intValue("model.threads", 0, 64));
        assertEquals("config model.threads: 'many' is not a whole number", bad.getMessage());

        ConfigException range = assertThrows(ConfigException.class,
                () -> Config.defaults().with("window.seconds", "-1").doubleValue("window.seconds", 0.1, 60));
        assertTrue(range.getMessage().contains("outside"), range.getMessage());

        Path missing = dir.resolve("nope.properties");
        assertThrows(ConfigException.class, () -> Config.load(missing, Map.of(), Map.of()));
    }

    @Test
    void booleansAndChoices() {
        Config c = Config.defaults().with("asr.enabled", "off");
        assertEquals(false, c.bool("asr.enabled"));
        assertThrows(ConfigException.class, () -> c.with("asr.enabled", "maybe").bool("asr.enabled"));
    }
}
