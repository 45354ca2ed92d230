package emostream.data;

import emostream.config.Config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registry of corpus loaders by name, with each corpus's default folder under {@code data.root}
 * ({@code ../shared/data} by default). A corpus spec is {@code name} or {@code name=path}.
 */
public final class Corpora {

    private static final Map<String, CorpusLoader> LOADERS = new LinkedHashMap<>();
    private static final Map<String, String> FOLDERS = new LinkedHashMap<>();

    static {
        register(new EmoDbLoader(), "emodb");
        register(new NemoLoader(), "nemo_pl_subset");
        register(MeldLoader.meld(), "meld_text");
        register(MeldLoader.emoryNlp(), "meld_text");
        register(GoEmotionsLoader.ekman(), "goemotions");
        register(GoEmotionsLoader.original(), "goemotions");
        register(new IemocapLoader(), "IEMOCAP_full_release");
        register(FileNameLoader.cremaD(), "crema-d");
        register(FileNameLoader.ravdess(), "ravdess_actors_01_12");
        register(FileNameLoader.tess(), "tess");
        register(FileNameLoader.ased(), "ased_subset");
        register(FileNameLoader.emovo(), "emovo");
        register(new ManifestLoader(), "manifest.csv");
        register(ManifestLoader.syntheticSpeech(), "tts-neutral");
    }

    private Corpora() {
    }

    private static void register(CorpusLoader loader, String folder) {
        LOADERS.put(loader.name(), loader);
        FOLDERS.put(loader.name(), folder);
    }

    public static List<String> names() {
        return List.copyOf(LOADERS.keySet());
    }

    /** @throws IllegalArgumentException naming the known corpora */
    public static CorpusLoader loader(String name) {
        CorpusLoader l = LOADERS.get(name.strip().toLowerCase(Locale.ROOT));
        if (l == null) {
            throw new IllegalArgumentException("unknown corpus '" + name.strip() + "' (known: " + String.join(", ", names()) + ")");
        }
        return l;
    }

    /** Where a corpus lives by default under the data root (the generated {@code tts} corpus: under target/). */
    public static Path defaultRoot(String name, Path dataRoot) {
        String n = loader(name).name();
        if (n.equals(SYNTHETIC)) {
            return Config.home().resolve("target").resolve(FOLDERS.get(n));
        }
        return dataRoot.resolve(FOLDERS.get(n));
    }

    /** The corpus the build generates rather than reads: synthetic neutral speech. */
    public static final String SYNTHETIC = "tts";

    /** Loads {@code name} or {@code name=path}; without a path the corpus's folder under {@code dataRoot}. */
    public static Dataset load(String spec, Path dataRoot, LabelMap labels) throws IOException {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        CorpusLoader l = loader(name);
        Path root = eq < 0 ? defaultRoot(name, dataRoot) : Path.of(spec.substring(eq + 1).strip());
        return l.load(root, labels);
    }

    /** Loads with {@code data.root} and the label map of {@code data.labels} / {@code data.label.map*}. */
    public static Dataset load(String spec, Config config) throws IOException {
        return load(spec, dataRoot(config), LabelMap.fromConfig(config));
    }

    public static Path dataRoot(Config config) {
        Path p = config.path("data.root");
        return p == null ? Path.of("..", "shared", "data") : p;
    }

    /** Help text: one line per corpus with its layout. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        for (CorpusLoader l : LOADERS.values()) {
            sb.append(String.format(Locale.ROOT, "  %-20s %s%n", l.name(), l.layout()));
        }
        return sb.toString();
    }
}
