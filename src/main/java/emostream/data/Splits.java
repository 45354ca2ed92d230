package emostream.data;

import emostream.config.Config;
import emostream.config.ConfigException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Speaker-independent partitions. Speakers are compared corpus-qualified ({@link Utterance#speakerKey()}), so
 * merged corpora with equal speaker ids stay apart. Everything is deterministic for a given seed.
 */
public final class Splits {

    private Splits() {
    }

    /**
     * k folds over speakers, balanced by clip count (largest speakers first into the currently smallest fold;
     * the seed breaks ties). In fold i the test part is fold i's speakers; {@code validationSpeakers} speakers
     * drawn (seeded) from the rest form the validation part; the others train.
     */
    public static List<Split> speakerFolds(List<Utterance> items, int k, int validationSpeakers, long seed) {
        Map<String, List<Utterance>> bySpeaker = bySpeaker(items);
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + k);
        }
        if (k > bySpeaker.size()) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " speakers, the data has "
                    + bySpeaker.size());
        }
        List<String> order = new ArrayList<>(bySpeaker.keySet());
        java.util.Collections.shuffle(order, new Random(seed));
        order.sort(Comparator.comparingInt((String s) -> bySpeaker.get(s).size()).reversed());
        List<List<String>> folds = new ArrayList<>();
        long[] sizes = new long[k];
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        for (String s : order) {
            int best = 0;
            for (int i = 1; i < k; i++) {
                if (sizes[i] < sizes[best]) {
                    best = i;
                }
            }
            folds.get(best).add(s);
            sizes[best] += bySpeaker.get(s).size();
        }
        List<Split> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            List<String> rest = new ArrayList<>(order);
            rest.removeAll(folds.get(i));
            out.add(build("fold " + (i + 1) + "/" + k, bySpeaker, folds.get(i), pick(rest, validationSpeakers, seed + i + 1)));
        }
        return out;
    }

    /** One fold per speaker. */
    public static List<Split> leaveOneSpeakerOut(List<Utterance> items, int validationSpeakers, long seed) {
        return speakerFolds(items, bySpeaker(items).size(), validationSpeakers, seed);
    }

    /** Hold-out of named speakers (ids as in the corpus, or corpus-qualified like {@code emodb/03}). */
    public static Split holdout(List<Utterance> items, Collection<String> testSpeakers,
                                Collection<String> validationSpeakers) {
        Map<String, List<Utterance>> bySpeaker = bySpeaker(items);
        List<String> test = resolve(bySpeaker.keySet(), testSpeakers);
        List<String> val = resolve(bySpeaker.keySet(), validationSpeakers);
        if (test.isEmpty()) {
            throw new IllegalArgumentException("a hold-out needs at least one test speaker");
        }
        for (String v : val) {
            if (test.contains(v)) {
                throw new IllegalArgumentException("speaker " + v + " is both a test and a validation speaker");
            }
        }
        return build("holdout", bySpeaker, test, val);
    }

    /**
     * Named test speakers (may be none), and from every corpus's other speakers a seeded share
     * {@code validationFraction} (at least one, never all) for validation: every corpus steers early stopping and
     * calibration, not only the largest.
     */
    public static Split perCorpusValidation(List<Utterance> items, Collection<String> testSpeakers,
                                            double validationFraction, long seed) {
        Map<String, List<Utterance>> bySpeaker = bySpeaker(items);
        List<String> test = resolve(bySpeaker.keySet(), testSpeakers);
        Map<String, List<String>> byCorpus = new TreeMap<>();
        for (String k : bySpeaker.keySet()) {
            if (!test.contains(k)) {
                byCorpus.computeIfAbsent(k.substring(0, k.indexOf('/')), c -> new ArrayList<>()).add(k);
            }
        }
        List<String> val = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<String>> e : byCorpus.entrySet()) {
            int n = e.getValue().size();
            if (n < 2) {
                continue; // a one-speaker corpus can only train
            }
            int take = Math.max(1, Math.min(n - 1, (int) Math.round(validationFraction * n)));
            val.addAll(pick(e.getValue(), take, seed + ++i));
        }
        return build("holdout", bySpeaker, test, val);
    }

    /** Hold-out of {@code testSpeakers} and {@code validationSpeakers} speakers drawn with {@code seed}. */
    public static Split holdout(List<Utterance> items, int testSpeakers, int validationSpeakers, long seed) {
        Map<String, List<Utterance>> bySpeaker = bySpeaker(items);
        if (testSpeakers < 1 || testSpeakers + validationSpeakers >= bySpeaker.size()) {
            throw new IllegalArgumentException(testSpeakers + " test + " + validationSpeakers
                    + " validation speakers leave no training speaker among " + bySpeaker.size());
        }
        List<String> all = new ArrayList<>(bySpeaker.keySet());
        java.util.Collections.shuffle(all, new Random(seed));
        return build("holdout", bySpeaker, all.subList(0, testSpeakers),
                all.subList(testSpeakers, testSpeakers + validationSpeakers));
    }

    /**
     * Leave one group out, e.g. IEMOCAP leave-one-session-out: the test part is one group's items; validation is
     * {@code validationSpeakers} speakers drawn (seeded) from the other groups.
     */
    public static List<Split> leaveOneGroupOut(List<Utterance> items, int validationSpeakers, long seed) {
        Map<String, List<Utterance>> bySpeaker = bySpeaker(items);
        Map<String, Set<String>> speakersOfGroup = new TreeMap<>();
        for (Utterance u : items) {
            speakersOfGroup.computeIfAbsent(u.group(), g -> new TreeSet<>()).add(u.speakerKey());
        }
        if (speakersOfGroup.size() < 2) {
            throw new IllegalArgumentException("leave-one-group-out needs at least 2 groups (e.g. IEMOCAP sessions), found "
                    + speakersOfGroup.keySet());
        }
        List<Split> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Set<String>> g : speakersOfGroup.entrySet()) {
            List<String> rest = new ArrayList<>(bySpeaker.keySet());
            rest.removeAll(g.getValue());
            Split s = build(g.getKey().isEmpty() ? "(no group)" : g.getKey(), bySpeaker, new ArrayList<>(g.getValue()),
                    pick(rest, validationSpeakers, seed + ++i));
            out.add(s);
        }
        return out;
    }

    /** The corpus's own split from {@link Utterance#group()}: train / dev (validation) / test, as MELD ships it. */
    public static Split official(List<Utterance> items) {
        List<Utterance> train = new ArrayList<>();
        List<Utterance> dev = new ArrayList<>();
        List<Utterance> test = new ArrayList<>();
        for (Utterance u : items) {
            switch (u.group()) {
                case "train" -> train.add(u);
                case "dev", "validation", "val" -> dev.add(u);
                case "test" -> test.add(u);
                default -> throw new IllegalArgumentException(u.corpus() + " item " + u.id() + " has no official split (group '"
                        + u.group() + "')");
            }
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("the official split needs train and test items");
        }
        return new Split("official", train, dev, test);
    }

    /**
     * The split the configuration asks for: {@code data.split} = folds | holdout | sessions | official, with
     * {@code data.split.folds}, {@code data.split.seed}, {@code data.split.validation.speakers} and
     * {@code data.split.test.speakers}.
     */
    public static List<Split> fromConfig(List<Utterance> items, Config config) {
        String kind = config.choice("data.split", "folds", "holdout", "sessions", "official");
        int folds = config.intValue("data.split.folds", 2, 1000);
        long seed = config.longValue("data.split.seed", Long.MIN_VALUE, Long.MAX_VALUE);
        int val = config.intValue("data.split.validation.speakers", 0, 1000);
        try {
            return switch (kind) {
                case "folds" -> speakerFolds(items, folds, val, seed);
                case "sessions" -> leaveOneGroupOut(items, val, seed);
                case "official" -> List.of(official(items));
                default -> {
                    List<String> named = config.list("data.split.test.speakers");
                    if (!named.isEmpty()) {
                        List<String> rest = new ArrayList<>(bySpeaker(items).keySet());
                        rest.removeAll(resolve(bySpeaker(items).keySet(), named));
                        yield List.of(holdout(items, named, pick(rest, val, seed)));
                    }
                    int n = Math.max(1, Math.round(bySpeaker(items).size() / (float) folds));
                    yield List.of(holdout(items, n, val, seed));
                }
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.split", e.getMessage());
        }
    }

    private static Split build(String name, Map<String, List<Utterance>> bySpeaker, List<String> test, List<String> val) {
        List<Utterance> tr = new ArrayList<>();
        List<Utterance> va = new ArrayList<>();
        List<Utterance> te = new ArrayList<>();
        Set<String> testSet = Set.copyOf(test);
        Set<String> valSet = Set.copyOf(val);
        for (Map.Entry<String, List<Utterance>> e : bySpeaker.entrySet()) {
            (testSet.contains(e.getKey()) ? te : valSet.contains(e.getKey()) ? va : tr).addAll(e.getValue());
        }
        if (tr.isEmpty()) {
            throw new IllegalArgumentException(name + " leaves no training speaker");
        }
        Split s = new Split(name, tr, va, te);
        if (!s.overlap().isEmpty()) {
            throw new IllegalStateException("speakers in two parts of " + name + ": " + s.overlap());
        }
        return s;
    }

    private static List<String> pick(List<String> from, int n, long seed) {
        if (n >= from.size()) {
            throw new IllegalArgumentException(n + " validation speakers leave no training speaker among " + from.size());
        }
        List<String> c = new ArrayList<>(from);
        c.sort(null);
        java.util.Collections.shuffle(c, new Random(seed));
        return List.copyOf(c.subList(0, n));
    }

    /** Items per corpus-qualified speaker, in a stable order; unknown speakers are an error. */
    private static Map<String, List<Utterance>> bySpeaker(List<Utterance> items) {
        Map<String, List<Utterance>> m = new LinkedHashMap<>();
        for (Utterance u : items) {
            if (u.speaker().isEmpty()) {
                throw new IllegalArgumentException(u.corpus() + " item " + u.id()
                        + " has no speaker: speaker splits need speakers (use the official split)");
            }
            m.computeIfAbsent(u.speakerKey(), s -> new ArrayList<>()).add(u);
        }
        return new TreeMap<>(m);
    }

    private static List<String> resolve(Set<String> known, Collection<String> names) {
        Map<String, String> byBare = new HashMap<>();
        for (String k : known) {
            byBare.merge(k.substring(k.indexOf('/') + 1), k, (a, b) -> "");  // ambiguous across corpora → ""
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String s = n.strip();
            String key = known.contains(s) ? s : byBare.get(s);
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException((key == null ? "unknown speaker '" : "ambiguous speaker '") + s
                        + "' (speakers: " + String.join(", ", known) + ")");
            }
            out.add(key);
        }
        return out;
    }
}
