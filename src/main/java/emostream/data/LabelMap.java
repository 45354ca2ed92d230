package emostream.data;

import emostream.config.Config;
import emostream.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps each corpus's raw labels onto canonical ones, and optionally restricts the canonical set. Raw labels
 * match case-insensitively; a raw label mapped to {@code ""} is dropped (the item is skipped and counted).
 * Immutable: {@code with...} returns a copy.
 *
 * <p>Defaults (canonical names: neutral, happiness, sadness, anger, fear, disgust, surprise, boredom, calm):
 * <ul>
 *   <li>emodb (6th file-name character): W anger, L boredom, E disgust, A fear, F happiness, T sadness, N neutral</li>
 *   <li>nemo: surprised → surprise, the others as named</li>
 *   <li>meld: joy → happiness, the others as named</li>
 *   <li>emorynlp: Joyful → happiness, Mad → anger, Sad → sadness, Scared → fear, Neutral; Peaceful, Powerful dropped</li>
 *   <li>goemotions (Ekman taxonomy): joy → happiness, the others as named</li>
 *   <li>goemotions-original (28 labels): kept as named, joy → happiness</li>
 *   <li>iemocap: neu, hap, exc → happiness (set {@code iemocap.exc=} to drop it), sad, ang, sur, fea, dis;
 *       fru, oth, xxx dropped</li>
 *   <li>crema-d: ANG, DIS, FEA, HAP, NEU, SAD</li>
 *   <li>ravdess (names of the emotion codes 01..08): neutral, calm → neutral (set {@code ravdess.calm=calm} to keep
 *       it, {@code ravdess.calm=} to drop it), happy, sad, angry, fearful, disgust, surprised</li>
 *   <li>ased (the authors' words): neutral, fearful → fear, happy, sad, angry</li>
 *   <li>emovo (Italian codes): neu neutral, gio (gioia) happiness, tri sadness, rab anger, pau fear, dis disgust,
 *       sor surprise</li>
 *   <li>tess: angry, disgust, fear, happy, neutral, ps / pleasant_surprise(d) → surprise, sad</li>
 *   <li>manifest: any label, taken as canonical</li>
 * </ul>
 * Overrides: {@code corpus.raw=canonical} entries, from the config key {@code data.label.map} (comma-separated)
 * or a file named by {@code data.label.map.file} (one per line). {@code data.labels} restricts the canonical set.
 */
public final class LabelMap {

    /** Corpora whose unmapped raw labels are taken as canonical. */
    private static final Set<String> IDENTITY = Set.of("manifest", "goemotions-original", "tts");

    private static final Map<String, Map<String, String>> DEFAULTS = new TreeMap<>();

    static {
        def("emodb", "w", "anger", "l", "boredom", "e", "disgust", "a", "fear", "f", "happiness", "t", "sadness",
                "n", "neutral");
        def("nemo", "anger", "anger", "fear", "fear", "happiness", "happiness", "neutral", "neutral",
                "sadness", "sadness", "surprised", "surprise");
        def("meld", "neutral", "neutral", "joy", "happiness", "surprise", "surprise", "anger", "anger",
                "sadness", "sadness", "disgust", "disgust", "fear", "fear");
        def("emorynlp", "neutral", "neutral", "joyful", "happiness", "scared", "fear", "mad", "anger",
                "sad", "sadness", "peaceful", "", "powerful", "");
        def("goemotions", "anger", "anger", "disgust", "disgust", "fear", "fear", "joy", "happiness",
                "neutral", "neutral", "sadness", "sadness", "surprise", "surprise");
        def("goemotions-original", "joy", "happiness");
        def("iemocap", "neu", "neutral", "hap", "happiness", "exc", "happiness", "sad", "sadness", "ang", "anger",
                "sur", "surprise", "fea", "fear", "dis", "disgust", "fru", "", "oth", "", "xxx", "");
        def("crema-d", "ang", "anger", "dis", "disgust", "fea", "fear", "hap", "happiness", "neu", "neutral",
                "sad", "sadness");
        def("ravdess", "neutral", "neutral", "calm", "neutral", "happy", "happiness", "sad", "sadness",
                "angry", "anger", "fearful", "fear", "disgust", "disgust", "surprised", "surprise");
        def("tess", "angry", "anger", "disgust", "disgust", "fear", "fear", "happy", "happiness",
                "neutral", "neutral", "ps", "surprise", "pleasant_surprise", "surprise",
                "pleasant_surprised", "surprise", "sad", "sadness");
        def("ased", "neutral", "neutral", "fearful", "fear", "happy", "happiness", "sad", "sadness", "angry", "anger");
        def("emovo", "neu", "neutral", "gio", "happiness", "tri", "sadness", "rab", "anger", "pau", "fear",
                "dis", "disgust", "sor", "surprise");
        def("manifest");
        def("tts");
    }

    private final Map<String, Map<String, String>> maps;
    private final List<String> labels;  // empty: no restriction

    private LabelMap(Map<String, Map<String, String>> maps, List<String> labels) {
        this.maps = maps;
        this.labels = labels;
    }

    private static void def(String corpus, String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        DEFAULTS.put(corpus, m);
    }

    /** The documented defaults, no restriction. */
    public static LabelMap defaults() {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        DEFAULTS.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        return new LabelMap(copy, List.of());
    }

    /** Defaults + {@code data.label.map.file} + {@code data.label.map}, restricted to {@code data.labels}. */
    public static LabelMap fromConfig(Config config) {
        LabelMap m = defaults();
        Path file = config.path("data.label.map.file");
        if (file != null) {
            try {
                m = m.withFile(file);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("data.label.map.file", e.getMessage());
            }
        }
        try {
            for (String entry : config.list("data.label.map")) {
                m = m.withEntry(entry);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.label.map", e.getMessage());
        }
        List<String> keep = config.list("data.labels");
        return keep.isEmpty() ? m : m.restrictTo(keep);
    }

    /** Maps {@code raw} of {@code corpus} to {@code canonical}; blank drops the label. */
    public LabelMap with(String corpus, String raw, String canonical) {
        String c = norm(corpus);
        if (c.isEmpty() || norm(raw).isEmpty()) {
            throw new IllegalArgumentException("label map entry needs a corpus and a raw label");
        }
        Map<String, Map<String, String>> copy = new TreeMap<>(maps);
        Map<String, String> m = new LinkedHashMap<>(copy.getOrDefault(c, Map.of()));
        m.put(norm(raw), canonical == null ? "" : norm(canonical));
        copy.put(c, Map.copyOf(m));
        return new LabelMap(copy, labels);
    }

    /** One {@code corpus.raw=canonical} entry (the corpus name is everything before the first dot). */
    public LabelMap withEntry(String entry) {
        int eq = entry.indexOf('=');
        int dot = entry.indexOf('.');
        if (eq < 0 || dot < 0 || dot > eq) {
            throw new IllegalArgumentException("'" + entry.trim() + "' is not corpus.raw=canonical (e.g. iemocap.exc=happiness)");
        }
        return with(entry.substring(0, dot), entry.substring(dot + 1, eq), entry.substring(eq + 1));
    }

    /** Entries from a file, one {@code corpus.raw=canonical} per line; blank lines and {@code #} comments ignored. */
    public LabelMap withFile(Path file) throws IOException {
        LabelMap m = this;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
        int n = 0;
        for (String line : lines) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            try {
                m = m.withEntry(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage());
            }
        }
        return m;
    }

    /** Keeps only these canonical labels (in this order, which becomes the model's label order). */
    public LabelMap restrictTo(Collection<String> canonical) {
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String s : canonical) {
            if (!norm(s).isEmpty()) {
                set.add(norm(s));
            }
        }
        return new LabelMap(maps, List.copyOf(set));
    }

    /** The restricted canonical set in order, or empty when every mapped label is kept. */
    public List<String> labels() {
        return labels;
    }

    /** The canonical label of {@code raw}, or empty when it is unknown, dropped or outside the label set. */
    public Optional<String> map(String corpus, String raw) {
        String c = canonical(corpus, raw);
        if (c == null || c.isEmpty() || (!labels.isEmpty() && !labels.contains(c))) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    /** Why {@link #map} gave nothing, for skip reasons. */
    public String reason(String corpus, String raw) {
        String c = canonical(corpus, raw);
        if (c == null) {
            return "unknown label '" + raw + "' (not in the " + corpus + " label map)";
        }
        if (c.isEmpty()) {
            return "label '" + raw + "' is dropped by the " + corpus + " label map";
        }
        return "label '" + c + "'" + (c.equals(norm(raw)) ? "" : " (from '" + raw + "')")
                + " is not in data.labels";
    }

    /** The raw→canonical table of a corpus (for model cards and help). */
    public Map<String, String> mapping(String corpus) {
        return maps.getOrDefault(norm(corpus), Map.of());
    }

    /** {@code W→anger, L→boredom, ...; exc dropped} style text for reports. */
    public String describe(String corpus) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(mapping(corpus)).entrySet()) {
            parts.add(e.getValue().isEmpty() ? e.getKey() + " dropped" : e.getKey() + "→" + e.getValue());
        }
        if (IDENTITY.contains(norm(corpus))) {
            parts.add("others as named");
        }
        return String.join(", ", parts);
    }

    private String canonical(String corpus, String raw) {
        String c = norm(corpus);
        String r = norm(raw);
        Map<String, String> m = maps.get(c);
        String v = m == null ? null : m.get(r);
        if (v == null && IDENTITY.contains(c) && !r.isEmpty()) {
            return r;
        }
        return v;
    }

    private static String norm(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
