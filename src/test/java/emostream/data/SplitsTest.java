package emostream.data;

import emostream.config.Config;
import emostream.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitsTest {

    /** Speakers s0..s(n-1) with 10+7i items each, labels cycling. */
    static List<Utterance> corpus(String corpus, int speakers) {
        List<Utterance> items = new ArrayList<>();
        for (int s = 0; s < speakers; s++) {
            for (int i = 0; i < 10 + 7 * s; i++) {
                items.add(new Utterance(corpus, "s" + s + "_" + i, "s" + s, i % 2 == 0 ? "anger" : "neutral", "x",
                        null, null, "Session" + (1 + s % 5)));
            }
        }
        return items;
    }

    private static void assertSpeakerIndependent(Split s, int total) {
        assertTrue(s.overlap().isEmpty(), s.name() + " shares " + s.overlap());
        Set<String> tr = Split.speakers(s.train());
        Set<String> va = Split.speakers(s.validation());
        Set<String> te = Split.speakers(s.test());
        for (String sp : te) {
            assertTrue(!tr.contains(sp) && !va.contains(sp), sp);
        }
        for (String sp : va) {
            assertTrue(!tr.contains(sp), sp);
        }
        assertEquals(total, s.train().size() + s.validation().size() + s.test().size(), "nothing lost or doubled");
    }

    @Test
    void foldsNeverShareASpeakerAndTestEachSpeakerExactlyOnce() {
        List<Utterance> items = corpus("c", 10);
        List<Split> folds = Splits.speakerFolds(items, 5, 1, 42);
        assertEquals(5, folds.size());
        Set<String> tested = new HashSet<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (Split f : folds) {
            assertSpeakerIndependent(f, items.size());
            assertEquals(1, Split.speakers(f.validation()).size());
            for (String sp : Split.speakers(f.test())) {
                assertTrue(tested.add(sp), sp + " tested twice");
            }
            min = Math.min(min, f.test().size());
            max = Math.max(max, f.test().size());
        }
        assertEquals(10, tested.size());
        // sizes 10..73 (415 in all): greedy balancing keeps every fold within the largest speaker of the mean
        assertTrue(max - min <= 73, min + ".." + max);
        assertTrue(max - min <= 20, "balanced by clip count: " + min + ".." + max);
    }

    @Test
    void sameSeedSameFoldsDifferentSeedMayDiffer() {
        List<Utterance> items = corpus("c", 10);
        List<String> a = Splits.speakerFolds(items, 5, 2, 7).stream().map(Split::describe).toList();
        List<String> b = Splits.speakerFolds(items, 5, 2, 7).stream().map(Split::describe).toList();
        assertEquals(a, b);
    }

    @Test
    void mergedCorporaKeepEqualSpeakerIdsApart() {
        List<Utterance> items = new ArrayList<>(corpus("a", 4));
        items.addAll(corpus("b", 4));
        List<Split> folds = Splits.leaveOneSpeakerOut(items, 1, 3);
        assertEquals(8, folds.size());
        folds.forEach(f -> assertSpeakerIndependent(f, items.size()));
        folds.forEach(f -> assertEquals(1, Split.speakers(f.test()).size()));
    }

    @Test
    void holdoutNamedAndSeeded() {
        List<Utterance> items = corpus("c", 6);
        Split h = Splits.holdout(items, List.of("s1", "c/s2"), List.of("s3"));
        assertEquals(Set.of("c/s1", "c/s2"), Split.speakers(h.test()));
        assertEquals(Set.of("c/s3"), Split.speakers(h.validation()));
        assertSpeakerIndependent(h, items.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.holdout(items, List.of("s9"), List.of()));
        assertTrue(e.getMessage().startsWith("unknown speaker 's9' (speakers: c/s0"), e.getMessage());

        Split seeded = Splits.holdout(items, 2, 1, 5);
        assertEquals(2, Split.speakers(seeded.test()).size());
        assertEquals(1, Split.speakers(seeded.validation()).size());
        assertSpeakerIndependent(seeded, items.size());
        assertThrows(IllegalArgumentException.class, () -> Splits.holdout(items, 5, 1, 5));
    }

    @Test
    void leaveOneSessionOut() {
        List<Utterance> items = corpus("iemocap", 10);
        List<Split> loso = Splits.leaveOneGroupOut(items, 1, 9);
        assertEquals(5, loso.size());
        for (Split s : loso) {
            assertSpeakerIndependent(s, items.size());
            assertTrue(s.test().stream().allMatch(u -> u.group().equals(s.name())));
            assertTrue(s.train().stream().noneMatch(u -> u.group().equals(s.name())));
        }
    }

    @Test
    void officialSplitAndItsLimits() {
        List<Utterance> items = List.of(
                new Utterance("meld", "1", "Ross", "anger", "anger", null, "hi", "train"),
                new Utterance("meld", "2", "Ross", "anger", "anger", null, "hi", "dev"),
                new Utterance("meld", "3", "Ross", "anger", "anger", null, "hi", "test"));
        Split s = Splits.official(items);
        assertEquals(1, s.validation().size());
        assertEquals(Set.of("meld/Ross"), s.overlap(), "the official MELD split is by dialogue, not speaker");
        assertThrows(IllegalArgumentException.class, () -> Splits.speakerFolds(
                List.of(new Utterance("go", "1", "", "anger", "anger", null, "x", "train")), 2, 0, 1));
    }

    @Test
    void errorsNameTheProblem() {
        List<Utterance> items = corpus("c", 3);
        assertEquals("5 folds need at least 5 speakers, the data has 3",
                assertThrows(IllegalArgumentException.class, () -> Splits.speakerFolds(items, 5, 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.speakerFolds(items, 3, 2, 1));
    }

    @Test
    void fromConfig() {
        List<Utterance> items = corpus("c", 10);
        Config c = Config.defaults();
        assertEquals(5, Splits.fromConfig(items, c).size());
        List<Split> h = Splits.fromConfig(items, c.with(Map.of("data.split", "holdout", "data.split.test.speakers", "s0,s9")));
        assertEquals(Set.of("c/s0", "c/s9"), Split.speakers(h.get(0).test()));
        assertSpeakerIndependent(h.get(0), items.size());
        assertEquals(5, Splits.fromConfig(items, c.with("data.split", "sessions")).size());
        ConfigException e = assertThrows(ConfigException.class,
                () -> Splits.fromConfig(items, c.with("data.split.folds", "11")));
        assertTrue(e.getMessage().contains("data.split"), e.getMessage());
    }

    @Test
    void realEmoDbFiveFoldsAreSpeakerIndependent() throws IOException {
        Dataset d = new EmoDbLoader().load(RealCorporaTest.corpus("emodb"), LabelMap.defaults());
        for (Split f : Splits.speakerFolds(d.items(), 5, 1, 42)) {
            assertSpeakerIndependent(f, 535);
            assertEquals(2, Split.speakers(f.test()).size());
        }
    }
}
