package emostream.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Berlin EmoDB: {@code wav/SSTTTEV.wav} (speaker 2 digits, text code a01..b10, emotion letter, version), the label
 * being the 6th character. Transcripts come from {@code labels.csv} (column {@code transcript_de}) or
 * {@code transcripts.tsv} (text code → sentence) when present; neither is required.
 */
public final class EmoDbLoader implements CorpusLoader {

    private static final Pattern NAME = Pattern.compile("(\\d{2})([ab]\\d{2})([A-Za-z])([a-z]?)\\.(?i:wav|flac)");

    @Override
    public String name() {
        return "emodb";
    }

    @Override
    public String layout() {
        return "wav/03a01Fa.wav ... (speaker, text code, emotion letter W/L/E/A/F/T/N, version); optional labels.csv, transcripts.tsv";
    }

    @Override
    public Dataset load(Path root, LabelMap labels) throws IOException {
        DatasetBuilder.requireDir(name(), root);
        Path wavDir = Files.isDirectory(root.resolve("wav")) ? root.resolve("wav") : root;
        Map<String, String> byCode = new HashMap<>();
        Map<String, String> byFile = new HashMap<>();
        Path tsv = root.resolve("transcripts.tsv");
        if (Files.isRegularFile(tsv)) {
            Csv.Table t = Csv.table(tsv, true);
            int code = t.col("text_code");
            int text = t.col("transcript_de");
            for (Csv.Row r : t.rows()) {
                byCode.put(r.get(code), r.get(text));
            }
        }
        Path csv = root.resolve("labels.csv");
        if (Files.isRegularFile(csv)) {
            Csv.Table t = Csv.table(csv, false);
            int file = t.col("file");
            int text = t.find("transcript_de");
            for (Csv.Row r : t.rows()) {
                if (text >= 0) {
                    byFile.put(Path.of(r.get(file)).getFileName().toString(), r.get(text));
                }
            }
        }
        DatasetBuilder b = new DatasetBuilder(name(), labels);
        for (Path wav : DatasetBuilder.audioFiles(wavDir, false)) {
            String fileName = wav.getFileName().toString();
            Matcher m = NAME.matcher(fileName);
            if (!m.matches()) {
                b.skip(wav.toString(), "not an EmoDB file name (expected e.g. 03a01Fa.wav)");
                continue;
            }
            String text = byFile.getOrDefault(fileName, byCode.get(m.group(2)));
            b.add(wav.toString(), Csv.baseName(fileName), m.group(1), m.group(3), wav, text, "");
        }
        return b.build(wavDir, "EmoDB wav files (e.g. 03a01Fa.wav)");
    }
}
