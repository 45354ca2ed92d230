package emostream.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled corpora in ../shared/data load with the counts their MANIFEST.md states (skipped when absent). */
class RealCorporaTest {

    static final Path DATA = Path.of("..", "shared", "data").toAbsolutePath().normalize();

    static Path corpus(String folder) {
        Path p = DATA.resolve(folder);
        emostream.RealParts.require(Files.isDirectory(p), p + " is absent");
        return p;
    }

    private static Map<String, Integer> counts(List<Utterance> items) {
        Map<String, Integer> m = new HashMap<>();
        items.forEach(u -> m.merge(u.label(), 1, Integer::sum));
        return m;
    }

    @Test
    void emodb() throws IOException {
        Dataset d = new EmoDbLoader().load(corpus("emodb"), LabelMap.defaults());
        assertEquals(535, d.size());
        assertEquals(0, d.skipped().size(), d.summary());
        assertEquals(Map.of("anger", 127, "boredom", 81, "neutral", 79, "happiness", 71, "fear", 69,
                "sadness", 62, "disgust", 46), d.labelCounts());
        assertEquals(List.of("03", "08", "09", "10", "11", "12", "13", "14", "15", "16"), List.copyOf(d.speakers()));
        d.items().forEach(u -> assertNotNull(u.text(), u.id()));
        Utterance first = d.items().get(0);
        assertEquals("03a01Fa", first.id());
        assertEquals("happiness", first.label());
        assertEquals("F", first.rawLabel());
        assertEquals("Der Lappen liegt auf dem Eisschrank.", first.text());
        // headers of all 535 files are valid: 22.05 kHz, 2 s
        assertEquals(535, d.checkAudio().size());
    }

    @Test
    void ravdessAsedEmovo() throws IOException {
        Dataset r = FileNameLoader.ravdess().load(corpus("ravdess_actors_01_12"), LabelMap.defaults());
        assertEquals(720, r.size(), r.summary());
        assertEquals(0, r.skipped().size(), r.summary());
        // calm (96) joins neutral (48) by default
        assertEquals(Map.of("neutral", 144, "happiness", 96, "sadness", 96, "anger", 96, "fear", 96, "disgust", 96,
                "surprise", 96), r.labelCounts());
        assertEquals(12, r.speakers().size());

        Dataset a = FileNameLoader.ased().load(corpus("ased_subset"), LabelMap.defaults());
        assertEquals(805, a.size(), a.summary());
        assertEquals(Map.of("neutral", 183, "fear", 165, "happiness", 159, "anger", 154, "sadness", 144), a.labelCounts());
        assertEquals(65, a.speakers().size());

        Dataset e = FileNameLoader.emovo().load(corpus("emovo"), LabelMap.defaults());
        assertEquals(420, e.size(), e.summary());
        assertEquals(6, e.speakers().size());
        assertEquals(Map.of("neutral", 60, "happiness", 60, "sadness", 60, "anger", 60, "fear", 60, "disgust", 60,
                "surprise", 60), e.labelCounts());
        e.items().forEach(u -> assertNotNull(u.text(), u.id()));
        assertEquals(805, a.checkAudio().size());
    }

    @Test
    void nemo() throws IOException {
        Dataset d = new NemoLoader().load(corpus("nemo_pl_subset"), LabelMap.defaults());
        assertEquals(2255, d.size());
        assertEquals(0, d.skipped().size(), d.summary());
        assertEquals(Map.of("neutral", 404, "happiness", 382, "sadness", 380, "anger", 378, "fear", 374,
                "surprise", 337), d.labelCounts());
        assertEquals(9, d.speakers().size());
        assertTrue(d.items().stream().noneMatch(u -> u.speaker().equals("MK0") && u.label().equals("surprise")));
        assertEquals(45 + 45 + 45 + 45 + 45 + 44, d.speakerCounts().get("EB0"));
        assertEquals(18 + 15 + 23 + 45 + 20 + 23, d.speakerCounts().get("MP0"));
        d.items().forEach(u -> assertNotNull(u.text(), u.id()));
    }

    @Test
    void meldOfficialSplitsAndClassCounts() throws IOException {
        Dataset d = MeldLoader.meld().load(corpus("meld_text"), LabelMap.defaults());
        assertEquals(13708, d.size());
        assertEquals(0, d.skipped().size(), d.summary());
        Split s = Splits.official(d.items());
        assertEquals(9989, s.train().size());
        assertEquals(1109, s.validation().size());
        assertEquals(2610, s.test().size());
        assertEquals(Map.of("neutral", 4710, "happiness", 1743, "surprise", 1205, "anger", 1109, "sadness", 683,
                "disgust", 271, "fear", 268), counts(s.train()));
        assertEquals(Map.of("neutral", 470, "happiness", 163, "surprise", 150, "anger", 153, "sadness", 111,
                "disgust", 22, "fear", 40), counts(s.validation()));
        assertEquals(Map.of("neutral", 1256, "happiness", 402, "surprise", 281, "anger", 345, "sadness", 208,
                "disgust", 68, "fear", 50), counts(s.test()));
        Utterance u = s.test().get(0);
        assertEquals("test/dia0_utt0", u.id());
        assertEquals("Mark", u.speaker());
        assertEquals("Why do all you're coffee mugs have numbers on the bottom?", u.text());
    }

    @Test
    void emoryNlpDropsPeacefulAndPowerfulByDefault() throws IOException {
        Dataset d = MeldLoader.emoryNlp().load(corpus("meld_text"), LabelMap.defaults());
        assertEquals(9489, d.size() + d.skipped().size());
        assertEquals(638 + 82 + 111 + 551 + 70 + 96, d.skipped().size());
        assertEquals(2485 + 322 + 288, d.labelCounts().get("neutral"));
        assertEquals(474 + 51 + 70, d.labelCounts().get("sadness"));
        assertTrue(d.items().stream().noneMatch(u -> u.speaker().contains("[") || u.speaker().contains("', '")),
                "speaker lists parsed");
        assertEquals("Chandler Bing & Joey Tribbiani", MeldLoader.speakers("['Chandler Bing', 'Joey Tribbiani']"));
        assertEquals("Joey's Co-Star", MeldLoader.speakers("[\"Joey's Co-Star\"]"));
    }

    @Test
    void goEmotionsEkmanKeepsSingleLabelRows() throws IOException {
        Dataset d = GoEmotionsLoader.ekman().load(corpus("goemotions"), LabelMap.defaults());
        assertEquals(43410 + 5426 + 5427, d.size() + d.skipped().size());
        Split s = Splits.official(d.items());
        assertEquals(39555, s.train().size());
        assertEquals(Map.of("happiness", 15216, "neutral", 12823, "anger", 4293, "surprise", 3858, "sadness", 2326,
                "fear", 541, "disgust", 498), counts(s.train()));
        assertEquals(4946, s.validation().size());
        assertEquals(4968, s.test().size());
    }

    @Test
    void goEmotionsOriginalSkipsItsMultiLabelRowsAndMatchesEkmanUnderTheEkmanGrouping() throws IOException {
        Dataset d = GoEmotionsLoader.original().load(corpus("goemotions"), LabelMap.defaults());
        long trainMulti = d.skipped().stream().filter(k -> k.item().contains("train.tsv")
                && k.reason().startsWith("multi-label row")).count();
        assertEquals(7102, trainMulti);
        assertEquals(28, d.labels().size());

        // Google's Ekman grouping of the 28 labels reproduces the ekman/ folder row for row
        LabelMap grouped = LabelMap.defaults();
        String[][] groups = {
                {"anger", "anger", "annoyance", "disapproval"}, {"disgust", "disgust"}, {"fear", "fear", "nervousness"},
                {"happiness", "joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism", "relief",
                        "pride", "admiration", "desire", "caring"},
                {"sadness", "sadness", "disappointment", "embarrassment", "grief", "remorse"},
                {"surprise", "surprise", "realization", "confusion", "curiosity"}, {"neutral", "neutral"}};
        for (String[] g : groups) {
            for (int i = 1; i < g.length; i++) {
                grouped = grouped.with("goemotions-original", g[i], g[0]);
            }
        }
        Dataset viaOriginal = GoEmotionsLoader.original().load(corpus("goemotions"), grouped);
        Dataset ekman = GoEmotionsLoader.ekman().load(corpus("goemotions"), LabelMap.defaults());
        Map<String, String> ek = new HashMap<>();
        ekman.items().forEach(u -> ek.put(u.id(), u.label()));
        int same = 0;
        for (Utterance u : viaOriginal.items()) {
            if (ek.containsKey(u.id())) {
                assertEquals(ek.get(u.id()), u.label(), u.id());
                same++;
            }
        }
        assertEquals(ekman.size(), same, "every ekman row is kept by the grouped original");
    }
}
