package emostream.data;

import emostream.audio.AudioFiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A loaded corpus: the usable items and what was skipped, with reasons. Immutable. */
public record Dataset(String corpus, List<Utterance> items, List<Skipped> skipped) {

    public Dataset {
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }

    /** Several corpora as one (speakers stay apart through {@link Utterance#speakerKey()}). */
    public static Dataset merge(String name, List<Dataset> parts) {
        List<Utterance> items = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Dataset d : parts) {
            items.addAll(d.items);
            skipped.addAll(d.skipped);
        }
        return new Dataset(name, items, skipped);
    }

    public int size() {
        return items.size();
    }

    /** Distinct canonical labels, sorted. */
    public List<String> labels() {
        return List.copyOf(new TreeSet<>(items.stream().map(Utterance::label).toList()));
    }

    public Map<String, Integer> labelCounts() {
        return count(items.stream().map(Utterance::label).toList());
    }

    /** Distinct known speakers, sorted (text corpora such as GoEmotions have none). */
    public Set<String> speakers() {
        return new TreeSet<>(items.stream().map(Utterance::speaker).filter(sp -> !sp.isEmpty()).toList());
    }

    public Map<String, Integer> speakerCounts() {
        return count(items.stream().map(Utterance::speaker).toList());
    }

    /** How often each skip reason occurred, most frequent first. */
    public Map<String, Integer> skipReasons() {
        Map<String, Integer> c = count(skipped.stream().map(Skipped::reason).toList());
        return c.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** Items passing {@code keep}; the others are dropped silently (a selection, not a problem). */
    public Dataset filter(Predicate<Utterance> keep) {
        return new Dataset(corpus, items.stream().filter(keep).toList(), skipped);
    }

    /** Keeps items whose label is in {@code labels}; the others are moved to {@link #skipped()} with a reason. */
    public Dataset restrictTo(Collection<String> labels) {
        Set<String> keep = Set.copyOf(labels);
        List<Utterance> in = new ArrayList<>();
        List<Skipped> out = new ArrayList<>(skipped);
        for (Utterance u : items) {
            if (keep.contains(u.label())) {
                in.add(u);
            } else {
                out.add(new Skipped(where(u), "label '" + u.label() + "' is not in the label set"));
            }
        }
        return new Dataset(corpus, in, out);
    }

    /**
     * Reads every audio file's header ({@link AudioFiles#probe}); files that are unreadable, not audio, or
     * truncated move to {@link #skipped()} with the reader's message. Headers only: seconds for thousands of clips.
     */
    public Dataset checkAudio() {
        List<Utterance> ok = new ArrayList<>();
        List<Skipped> out = new ArrayList<>(skipped);
        for (Utterance u : items) {
            if (u.audio() == null) {
                ok.add(u);
                continue;
            }
            try {
                AudioFiles.probe(u.audio());
                ok.add(u);
            } catch (IOException e) {
                String m = e.getMessage();
                String prefix = u.audio() + ": ";
                out.add(new Skipped(u.audio().toString(), m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : m));
            }
        }
        return new Dataset(corpus, ok, out);
    }

    /** One line: {@code emodb: 535 items, 10 speakers (anger 127, ...), 0 skipped}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(corpus).append(": ").append(items.size()).append(" items, ")
                .append(speakers().isEmpty() ? "speakers unknown" : speakers().size() + " speakers").append(" (");
        sb.append(labelCounts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        sb.append("), ").append(skipped.size()).append(" skipped");
        if (!skipped.isEmpty()) {
            sb.append(": ").append(skipReasons().entrySet().stream().limit(3)
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining("; ")));
        }
        return sb.toString();
    }

    private static String where(Utterance u) {
        return u.audio() != null ? u.audio().toString() : u.corpus() + ":" + u.id();
    }

    private static Map<String, Integer> count(List<String> keys) {
        Map<String, Integer> m = new TreeMap<>();
        for (String k : keys) {
            m.merge(k, 1, Integer::sum);
        }
        return m;
    }
}
