package emostream.train;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionPairsTest {

    private static final int CLASSES = 3;   // 0 neutral, 1 happiness, 2 anger
    private static final int NEUTRAL = 0;

    private static FusionStage.Pool pool(int... labels) {
        return new FusionStage.Pool(new float[labels.length][CLASSES], labels);
    }

    @Test
    void everyPairIsOfOneOfTheThreeKindsAndTextsComeInTheirOwnMix() {
        FusionStage.Pool audio = pool(0, 0, 1, 1, 2, 2);
        int[] texts = new int[100];
        for (int i = 0; i < 80; i++) {
            texts[i] = NEUTRAL;   // mostly neutral, as MELD is
        }
        for (int i = 80; i < 100; i++) {
            texts[i] = 1 + i % 2;
        }
        FusionStage.Pool text = pool(texts);
        FusionStage.Pairs p = FusionStage.pairs(audio, text, CLASSES, NEUTRAL, 30_000, new Random(1));
        int neutralTargetsWithNeutralVoice = 0;
        int neutralVoice = 0;
        for (int i = 0; i < p.target().length; i++) {
            int a = audio.labels()[p.audio()[i]];
            int t = text.labels()[p.text()[i]];
            int y = p.target()[i];
            boolean matched = a == t && y == a;
            boolean neutralWords = t == NEUTRAL && y == a;
            boolean flatVoice = a == NEUTRAL && y == t;
            assertTrue(matched || neutralWords || flatVoice, "pair " + i + ": audio " + a + " text " + t + " → " + y);
            if (a == NEUTRAL) {
                neutralVoice++;
                neutralTargetsWithNeutralVoice += y == NEUTRAL ? 1 : 0;
            }
        }
        // with a neutral voice the words decide, with the text corpus's own prior (80 % neutral), not a uniform one
        double share = (double) neutralTargetsWithNeutralVoice / neutralVoice;
        assertTrue(share > 0.7, "neutral share of neutral-voice pairs " + share);
    }

    @Test
    void withoutNeutralItemsOnlyMatchedPairsAreMade() {
        FusionStage.Pairs p = FusionStage.pairs(pool(1, 2), pool(2, 1, 1), CLASSES, NEUTRAL, 500, new Random(2));
        for (int i = 0; i < p.target().length; i++) {
            assertEquals(p.target()[i], new int[] {1, 2}[p.audio()[i]]);
            assertEquals(p.target()[i], new int[] {2, 1, 1}[p.text()[i]]);
        }
    }

    /** Audio 0-1 human neutral, 2-3 a synthetic voice (neutral, flat), 4 happiness, 5 anger. */
    private static FusionStage.Pool audioWithFlatVoice() {
        return new FusionStage.Pool(new float[6][CLASSES], new int[] {0, 0, 0, 0, 1, 2},
                new boolean[] {false, false, true, true, false, false});
    }

    /** 80 % neutral texts, as MELD is. */
    private static FusionStage.Pool mostlyNeutralTexts() {
        int[] texts = new int[100];
        for (int i = 80; i < 100; i++) {
            texts[i] = 1 + i % 2;
        }
        return pool(texts);
    }

    @Test
    void flatVoicePairsTakeTheSyntheticVoiceAndClassBalancedWords() {
        FusionStage.Pool audio = audioWithFlatVoice();
        FusionStage.Pool text = mostlyNeutralTexts();
        FusionStage.Pairs p = FusionStage.pairs(audio, text, CLASSES, NEUTRAL, EnumSet.of(FusionStage.Kind.FLAT_VOICE),
                30_000, new Random(3));
        int[] targets = new int[CLASSES];
        for (int i = 0; i < p.target().length; i++) {
            assertTrue(audio.flat()[p.audio()[i]], "pair " + i + " has a human voice");
            assertEquals(text.labels()[p.text()[i]], p.target()[i], "the words decide");
            targets[p.target()[i]]++;
        }
        // a voice with nothing in it is no evidence for neutral either: every emotion of the words as likely
        for (int c = 0; c < CLASSES; c++) {
            double share = targets[c] / 30_000.0;
            assertTrue(Math.abs(share - 1.0 / CLASSES) < 0.02, "class " + c + " share " + share);
        }
    }

    @Test
    void withFlatVoicePairsTheNeutralVoicePairsAreHumanAndTheWordsDecideOnASyntheticVoice() {
        FusionStage.Pool audio = audioWithFlatVoice();
        FusionStage.Pool text = mostlyNeutralTexts();
        FusionStage.Pairs p = FusionStage.pairs(audio, text, CLASSES, NEUTRAL, FusionStage.Kind.ALL, 40_000, new Random(4));
        int flatWithEmotionalWords = 0;
        int humanNeutralWithEmotionalWords = 0;
        for (int i = 0; i < p.target().length; i++) {
            int a = audio.labels()[p.audio()[i]];
            int t = text.labels()[p.text()[i]];
            int y = p.target()[i];
            boolean flat = audio.flat()[p.audio()[i]];
            if (flat && t != NEUTRAL) {
                assertEquals(t, y, "a synthetic voice reading emotional words: the words decide");
                flatWithEmotionalWords++;
            }
            if (!flat && a == NEUTRAL && t != NEUTRAL) {
                assertEquals(t, y);
                humanNeutralWithEmotionalWords++;
            }
            assertTrue(y == a || y == t, "pair " + i + ": audio " + a + " text " + t + " → " + y);
        }
        // a quarter are flat-voice pairs, two thirds of them with emotional words; the neutral-voice quarter
        // (human voices only) has 20 % emotional words
        assertTrue(flatWithEmotionalWords > 40_000 / 4 * 2 / 3 * 0.9, "flat " + flatWithEmotionalWords);
        assertTrue(humanNeutralWithEmotionalWords > 40_000 / 4 * 0.2 * 0.8, "human " + humanNeutralWithEmotionalWords);
    }

    @Test
    void withoutASyntheticVoiceTheFlatVoiceKindIsLeftOut() {
        FusionStage.Pool audio = pool(0, 1, 2);
        FusionStage.Pool text = mostlyNeutralTexts();
        FusionStage.Pairs all = FusionStage.pairs(audio, text, CLASSES, NEUTRAL, FusionStage.Kind.ALL, 1000, new Random(5));
        FusionStage.Pairs classic = FusionStage.pairs(audio, text, CLASSES, NEUTRAL, 1000, new Random(5));
        assertArrayEquals(classic.audio(), all.audio());
        assertArrayEquals(classic.text(), all.text());
        assertArrayEquals(classic.target(), all.target());
    }

    @Test
    void kindsAreDrawnInProportionToTheirWeights() {
        FusionStage.Pool audio = audioWithFlatVoice();
        FusionStage.Pool text = mostlyNeutralTexts();
        java.util.Map<FusionStage.Kind, Integer> w = new java.util.EnumMap<>(FusionStage.Kind.class);
        w.put(FusionStage.Kind.NEUTRAL_WORDS, 1);
        w.put(FusionStage.Kind.FLAT_VOICE, 3);
        FusionStage.Pairs p = FusionStage.pairs(audio, text, CLASSES, NEUTRAL, w, 20_000, new Random(6));
        int flatKind = 0;
        for (int i = 0; i < p.target().length; i++) {
            if (text.labels()[p.text()[i]] != NEUTRAL) {
                assertTrue(audio.flat()[p.audio()[i]]);
                flatKind++;
            }
        }
        // only flat-voice pairs have emotional words: 3/4 of the pairs, two thirds of those (texts class-balanced)
        double share = flatKind / 20_000.0;
        assertTrue(Math.abs(share - 0.75 * 2 / 3) < 0.02, "flat-voice pairs with emotional words: " + share);
    }
}
