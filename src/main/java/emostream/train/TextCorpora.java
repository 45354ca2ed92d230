package emostream.train;

import emostream.data.Split;
import emostream.text.TranscriptStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every text corpus's official split, merged for the text head: training and dev items of all corpora together,
 * test items kept per corpus so each is scored on its own.
 *
 * <p>MELD and EmoryNLP are both transcribed from <i>Friends</i>, and their official splits were drawn independently:
 * 211 of MELD test's utterances of six or more words are also in EmoryNLP train. A training or dev item whose
 * transcript-style text (of {@value #MIN_WORDS} words or more) is the text of any corpus's held-out item is dropped,
 * so no test sentence is learned under another corpus's name. Shorter texts ("oh my god", "okay") are generic
 * phrases that any split has; they are kept.
 */
public final class TextCorpora {

    private static final Logger LOG = LoggerFactory.getLogger(TextCorpora.class);

    /** Texts at least this long that also occur in a held-out split count as the same utterance. */
    static final int MIN_WORDS = 4;

    /** Merged train and dev, and each corpus's test split (config order). */
    public record Parts(List<Example> train, List<Example> dev, Map<String, List<Example>> tests) { }

    private TextCorpora() {
    }

    /** @param splits each text corpus's official split, in config order */
    public static Parts merge(Map<String, Split> splits) {
        Set<String> test = new HashSet<>();
        Set<String> heldOut = new HashSet<>();
        for (Split s : splits.values()) {
            s.test().forEach(u -> addKey(test, u.text()));
            s.test().forEach(u -> addKey(heldOut, u.text()));
            s.validation().forEach(u -> addKey(heldOut, u.text()));
        }
        List<Example> train = new ArrayList<>();
        List<Example> dev = new ArrayList<>();
        Map<String, List<Example>> tests = new LinkedHashMap<>();
        for (Map.Entry<String, Split> e : splits.entrySet()) {
            int droppedTrain = 0;
            int droppedDev = 0;
            for (Example x : TrainData.examples(e.getValue().train())) {
                if (heldOut.contains(key(x.text()))) {
                    droppedTrain++;
                } else {
                    train.add(x);
                }
            }
            for (Example x : TrainData.examples(e.getValue().validation())) {
                // a dev item may equal another corpus's dev item (early stopping only); never a test item
                if (test.contains(key(x.text()))) {
                    droppedDev++;
                } else {
                    dev.add(x);
                }
            }
            tests.put(e.getKey(), TrainData.examples(e.getValue().test()));
            LOG.info("text {}: {} train, {} dev, {} test; dropped as copies of held-out sentences: {} train, {} dev",
                    e.getKey(), e.getValue().train().size() - droppedTrain, e.getValue().validation().size() - droppedDev,
                    e.getValue().test().size(), droppedTrain, droppedDev);
        }
        return new Parts(train, dev, tests);
    }

    private static void addKey(Set<String> set, String text) {
        String k = key(text);
        if (k != null) {
            set.add(k);
        }
    }

    /** The transcript-style text when it has at least {@link #MIN_WORDS} words, else null (never matches). */
    static String key(String text) {
        String t = TranscriptStyle.normalise(text);
        return t.isEmpty() || t.split(" ").length < MIN_WORDS ? null : t;
    }
}
