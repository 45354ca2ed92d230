package emostream.train;

import emostream.data.Split;
import emostream.data.Utterance;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TextCorporaTest {

    private static Utterance u(String corpus, String id, String label, String text, String split) {
        return new Utterance(corpus, id, "", label, label, null, text, split);
    }

    @Test
    void aTrainingCopyOfAnotherCorpussTestSentenceIsDroppedShortPhrasesStay() {
        Map<String, Split> splits = new LinkedHashMap<>();
        splits.put("meld", new Split("official",
                List.of(u("meld", "a", "neutral", "Okay.", "train"), u("meld", "b", "anger", "You ate my sandwich again!", "train")),
                List.of(u("meld", "c", "fear", "I am so scared of the dark", "dev")),
                List.of(u("meld", "d", "joy", "We got the apartment, we really got it!", "test"), u("meld", "e", "neutral", "Okay", "test"))));
        splits.put("emorynlp", new Split("official",
                List.of(u("emorynlp", "f", "happiness", "we got the apartment we REALLY got it", "train"),
                        u("emorynlp", "g", "neutral", "okay!", "train")),
                List.of(u("emorynlp", "h", "happiness", "We got the apartment, we really got it.", "dev")),
                List.of(u("emorynlp", "i", "fear", "Something else entirely here", "test"))));
        TextCorpora.Parts p = TextCorpora.merge(splits);
        assertEquals(List.of("a", "b", "g"), p.train().stream().map(Example::id).toList());
        assertEquals(List.of("c"), p.dev().stream().map(Example::id).toList());
        assertEquals(List.of("meld", "emorynlp"), List.copyOf(p.tests().keySet()));
        assertEquals(2, p.tests().get("meld").size());
    }

    @Test
    void classWeightsBalanceTheLossAndGiveAbsentClassesNothing() {
        int[] y = {0, 0, 0, 1};
        float[] w = TextStage.classWeights(y, 3, 1.0);
        // 3·w0 + 1·w1 = 4 (mean 1 over items), and w0·3 = w1·1 (each class weighs alike)
        assertArrayEquals(new float[] {2f / 3, 2f, 0f}, w, 1e-5f);
        assertArrayEquals(new float[] {1f, 1f, 0f}, TextStage.classWeights(y, 3, 0.0), 1e-5f);
    }
}
