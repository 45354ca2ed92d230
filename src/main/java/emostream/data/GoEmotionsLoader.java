package emostream.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * GoEmotions TSV (no header: text, comma-separated label ids into {@code labels.txt}, comment id), split files
 * {@code train.tsv}, {@code dev.tsv}, {@code test.tsv}; the split is the item's {@link Utterance#group()}.
 * Two taxonomies: {@code goemotions} reads {@code ekman/} (6 Ekman emotions + neutral), {@code goemotions-original}
 * reads {@code original/} (27 emotions + neutral); the root may also be that folder itself.
 *
 * <p>Multi-label rows: kept only when every one of their labels maps to the same canonical label (e.g. anger +
 * annoyance under an Ekman-style map); otherwise skipped as ambiguous and counted. Speakers are unknown ({@code ""}).
 */
public final class GoEmotionsLoader implements CorpusLoader {

    private final boolean original;

    private GoEmotionsLoader(boolean original) {
        this.original = original;
    }

    public static GoEmotionsLoader ekman() {
        return new GoEmotionsLoader(false);
    }

    public static GoEmotionsLoader original() {
        return new GoEmotionsLoader(true);
    }

    @Override
    public String name() {
        return original ? "goemotions-original" : "goemotions";
    }

    @Override
    public String layout() {
        return (original ? "original/" : "ekman/") + "{labels.txt,train.tsv,dev.tsv,test.tsv} (text<TAB>label ids<TAB>comment id)";
    }

    @Override
    public Dataset load(Path root, LabelMap labels) throws IOException {
        DatasetBuilder.requireDir(name(), root);
        Path dir = root.resolve(original ? "original" : "ekman");
        if (!Files.isDirectory(dir)) {
            dir = root;
        }
        Path labelFile = dir.resolve("labels.txt");
        if (!Files.isRegularFile(labelFile)) {
            throw new DatasetException(name() + ": no labels.txt in " + dir);
        }
        List<String> names = Files.readAllLines(labelFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        DatasetBuilder b = new DatasetBuilder(name(), labels);
        int found = 0;
        for (String split : List.of("train", "dev", "test")) {
            Path f = dir.resolve(split + ".tsv");
            if (!Files.isRegularFile(f)) {
                continue;
            }
            found++;
            for (Csv.Row r : Csv.rows(f, true)) {
                String where = f + ":" + r.line();
                if (r.cells().size() < 3) {
                    b.skip(where, "expected 3 tab-separated fields, found " + r.cells().size());
                    continue;
                }
                String raw = rawLabel(r.get(1), names);
                if (raw == null) {
                    b.skip(where, "label ids '" + r.get(1) + "' are not all in labels.txt (0.." + (names.size() - 1) + ")");
                    continue;
                }
                String id = split + "/" + r.get(2);
                if (!raw.contains(",")) {
                    b.add(where, id, "", raw, null, r.get(0), split);
                    continue;
                }
                // multi-label: one canonical label for all parts, or skip as ambiguous
                TreeSet<String> mapped = new TreeSet<>();
                String failing = null;
                for (String part : raw.split(",")) {
                    Optional<String> m = labels.map(name(), part);
                    if (m.isEmpty()) {
                        failing = labels.reason(name(), part);
                    } else {
                        mapped.add(m.get());
                    }
                }
                if (failing != null) {
                    b.skip(where, "multi-label row " + raw + ": " + failing);
                } else if (mapped.size() > 1) {
                    b.skip(where, "multi-label row maps to " + String.join("+", mapped));
                } else {
                    b.addLabelled(where, id, "", mapped.first(), raw, null, r.get(0), split);
                }
            }
        }
        if (found == 0) {
            throw new DatasetException(name() + ": none of train.tsv, dev.tsv, test.tsv in " + dir);
        }
        return b.build(dir, "rows");
    }

    /** "3,27" → "joy,neutral"; null when an id is not a valid index. */
    private static String rawLabel(String ids, List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String s : ids.split(",")) {
            int i;
            try {
                i = Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
            if (i < 0 || i >= names.size()) {
                return null;
            }
            sb.append(sb.length() == 0 ? "" : ",").append(names.get(i));
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
