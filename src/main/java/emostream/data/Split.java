package emostream.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One train / validation / test partition. Speaker-based splits never share a speaker between parts
 * ({@link #overlap()} is empty); MELD's official split is by dialogue, so its speakers do recur.
 *
 * @param name e.g. {@code fold 2/5}, {@code Session3}, {@code official}
 */
public record Split(String name, List<Utterance> train, List<Utterance> validation, List<Utterance> test) {

    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /** Speakers (corpus-qualified) of one part. */
    public static Set<String> speakers(List<Utterance> part) {
        Set<String> s = new TreeSet<>();
        for (Utterance u : part) {
            s.add(u.speakerKey());
        }
        return s;
    }

    /** Speakers present in more than one part (known speakers only). */
    public Set<String> overlap() {
        Set<String> out = new TreeSet<>();
        List<Set<String>> parts = List.of(speakers(train), speakers(validation), speakers(test));
        for (int i = 0; i < parts.size(); i++) {
            for (int j = i + 1; j < parts.size(); j++) {
                Set<String> both = new HashSet<>(parts.get(i));
                both.retainAll(parts.get(j));
                both.removeIf(k -> k.endsWith("/"));
                out.addAll(both);
            }
        }
        return out;
    }

    /** For logs and model cards: sizes and the speakers of validation and test. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: train %d items / %d speakers, validation %d / %s, test %d / %s",
                name, train.size(), speakers(train).size(), validation.size(), names(validation), test.size(), names(test));
    }

    private static String names(List<Utterance> part) {
        List<String> n = new ArrayList<>();
        for (String k : speakers(part)) {
            n.add(k.substring(k.indexOf('/') + 1));
        }
        if (n.size() > 12) {
            return "[" + String.join(", ", n.subList(0, 10)) + ", ... " + (n.size() - 10) + " more]";
        }
        return n.isEmpty() ? "-" : "[" + String.join(", ", n) + "]";
    }
}
