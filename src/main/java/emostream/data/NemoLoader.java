package emostream.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * nEMO (Polish): {@code labels.csv} (file, speaker, emotion, raw_text) with the audio paths it names, or the
 * original {@code data.tsv} (file_id, emotion, raw_text, speaker_id) with the audio in {@code wav_16k/} or
 * {@code samples/}. Rows whose audio is absent are skipped and counted.
 */
public final class NemoLoader implements CorpusLoader {

    @Override
    public String name() {
        return "nemo";
    }

    @Override
    public String layout() {
        return "labels.csv (file,speaker,emotion,raw_text) + wav_16k/, or data.tsv (file_id,emotion,raw_text,speaker_id) + samples/";
    }

    @Override
    public Dataset load(Path root, LabelMap labels) throws IOException {
        DatasetBuilder.requireDir(name(), root);
        DatasetBuilder b = new DatasetBuilder(name(), labels);
        Path csv = root.resolve("labels.csv");
        Path tsv = root.resolve("data.tsv");
        if (Files.isRegularFile(csv)) {
            Csv.Table t = Csv.table(csv, false);
            int file = t.col("file");
            int speaker = t.col("speaker");
            int emotion = t.col("emotion");
            int text = t.find("raw_text");
            for (Csv.Row r : t.rows()) {
                add(b, csv, r, root.resolve(r.get(file)), r.get(speaker), r.get(emotion), text < 0 ? null : r.get(text));
            }
            return b.build(csv, "rows");
        }
        if (Files.isRegularFile(tsv)) {
            Path audio = Files.isDirectory(root.resolve("wav_16k")) ? root.resolve("wav_16k") : root.resolve("samples");
            Csv.Table t = Csv.table(tsv, true);
            int file = t.col("file_id");
            int speaker = t.col("speaker_id");
            int emotion = t.col("emotion");
            int text = t.find("raw_text");
            for (Csv.Row r : t.rows()) {
                add(b, tsv, r, audio.resolve(r.get(file)), r.get(speaker), r.get(emotion), text < 0 ? null : r.get(text));
            }
            return b.build(tsv, "rows");
        }
        throw new DatasetException(name() + ": neither labels.csv nor data.tsv in " + root);
    }

    private void add(DatasetBuilder b, Path table, Csv.Row r, Path wav, String speaker, String emotion, String text) {
        String fileName = wav.getFileName().toString();
        String id = fileName.endsWith(".wav") ? fileName.substring(0, fileName.length() - 4) : fileName;
        if (speaker.isEmpty() || emotion.isEmpty()) {
            b.skip(table + ":" + r.line(), "row without speaker or emotion");
            return;
        }
        b.add(table + ":" + r.line(), id, speaker, emotion, wav, text, "");
    }
}
