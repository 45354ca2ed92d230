package emostream.data;

import emostream.config.Config;
import emostream.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelMapTest {

    @TempDir
    Path dir;

    @Test
    void documentedDefaults() {
        LabelMap m = LabelMap.defaults();
        assertEquals(Optional.of("anger"), m.map("emodb", "W"));
        assertEquals(Optional.of("happiness"), m.map("emodb", "F"));
        assertEquals(Optional.of("boredom"), m.map("emodb", "L"));
        assertEquals(Optional.of("happiness"), m.map("meld", "joy"));
        assertEquals(Optional.of("surprise"), m.map("nemo", "surprised"));
        assertEquals(Optional.of("happiness"), m.map("iemocap", "exc"));
        assertEquals(Optional.empty(), m.map("iemocap", "fru"));
        assertEquals(Optional.of("admiration"), m.map("goemotions-original", "admiration"));
        assertEquals(Optional.of("whatever"), m.map("manifest", "Whatever"));
        assertEquals("unknown label 'Q' (not in the emodb label map)", m.reason("emodb", "Q"));
        assertTrue(m.describe("emodb").contains("w→anger"));
    }

    @Test
    void overridesFromConfigAndFileAndRestriction() throws IOException {
        Path f = dir.resolve("map.properties");
        Files.writeString(f, "# merge calm\nravdess.calm = neutral\n\nemodb.L=\n");
        Config c = Config.defaults().with(Map.of("data.label.map", "iemocap.exc=, meld.disgust=anger",
                "data.label.map.file", f.toString(), "data.labels", "neutral, anger,happiness"));
        LabelMap m = LabelMap.fromConfig(c);
        assertEquals(List.of("neutral", "anger", "happiness"), m.labels());
        assertEquals(Optional.empty(), m.map("iemocap", "exc"));
        assertEquals(Optional.of("anger"), m.map("meld", "disgust"));
        assertEquals(Optional.of("neutral"), m.map("ravdess", "calm"));
        assertEquals(Optional.empty(), m.map("emodb", "L"));
        assertEquals(Optional.empty(), m.map("emodb", "T"));
        assertEquals("label 'sadness' (from 'T') is not in data.labels", m.reason("emodb", "T"));

        ConfigException bad = assertThrows(ConfigException.class,
                () -> LabelMap.fromConfig(Config.defaults().with("data.label.map", "exc=happiness")));
        assertTrue(bad.getMessage().contains("data.label.map"), bad.getMessage());
        assertTrue(bad.getMessage().contains("not corpus.raw=canonical"), bad.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> LabelMap.fromConfig(Config.defaults().with("data.label.map.file", dir.resolve("no.txt").toString())));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
    }
}
