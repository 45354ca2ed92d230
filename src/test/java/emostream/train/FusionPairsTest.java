package emostream.train;

import org.junit.jupiter.api.Test;

import java.util.Random;

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
}
