package emostream.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any corpus described by a CSV manifest with a header: {@code path,label} required, {@code speaker}, {@code text},
 * {@code group}, {@code id} optional. Relative paths resolve against the manifest's folder; a blank path makes a
 * text-only item. The root is the CSV file or a folder holding {@code manifest.csv}. Labels are canonical as
 * written unless the {@code manifest} label map says otherwise.
 */
public final class ManifestLoader implements CorpusLoader {

    private final String name;
    private final String layout;

    public ManifestLoader() {
        this("manifest", "manifest.csv with header path,label[,speaker,text,group,id]; paths relative to the CSV");
    }

    /** A manifest-described corpus under its own name (its label map, its speakers' keys). */
    ManifestLoader(String name, String layout) {
        this.name = name;
        this.layout = layout;
    }

    /**
     * Synthetic neutral speech ({@code tts}): espeak-ng voices reading sentences, each labelled neutral (a
     * synthesiser puts no emotion in its voice), written with a {@code manifest.csv} by
     * {@code emostream.train.SyntheticSpeech} under {@code target/tts-neutral}.
     */
    public static ManifestLoader syntheticSpeech() {
        return new ManifestLoader("tts", "target/tts-neutral/manifest.csv (made by `train` with espeak-ng)");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String layout() {
        return layout;
    }

    @Override
    public Dataset load(Path root, LabelMap labels) throws IOException {
        Path csv = root != null && Files.isDirectory(root) ? root.resolve("manifest.csv") : root;
        if (csv == null || !Files.isRegularFile(csv)) {
            throw new DatasetException(name() + ": " + (csv == null ? "no manifest given" : csv + " does not exist"));
        }
        Path base = csv.toAbsolutePath().getParent();
        Csv.Table t = Csv.table(csv, false);
        int path = t.col("path");
        int label = t.col("label");
        int speaker = t.find("speaker");
        int text = t.find("text");
        int group = t.find("group");
        int id = t.find("id");
        DatasetBuilder b = new DatasetBuilder(name(), labels);
        for (Csv.Row r : t.rows()) {
            String where = csv + ":" + r.line();
            String p = r.get(path);
            String raw = r.get(label);
            if (raw.isEmpty()) {
                b.skip(where, "no label");
                continue;
            }
            if (p.isEmpty() && (text < 0 || r.get(text).isEmpty())) {
                b.skip(where, "neither audio path nor text");
                continue;
            }
            Path audio = p.isEmpty() ? null : base.resolve(p).normalize();
            String key = id >= 0 && !r.get(id).isEmpty() ? r.get(id)
                    : p.isEmpty() ? "row" + r.line() : p.replaceFirst("\\.[^./\\\\]*$", "");
            b.add(where, key, speaker < 0 ? "" : r.get(speaker), raw, audio, text < 0 ? null : r.get(text),
                    group < 0 ? "" : r.get(group));
        }
        return b.build(csv, "rows");
    }
}
