package emostream.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * MELD text ({@code train_sent_emo.csv}, {@code dev_sent_emo.csv}, {@code test_sent_emo.csv}, found in the root
 * or its {@code MELD/} folder) and, as the {@code emorynlp} corpus, EmoryNLP ({@code emorynlp_*_final.csv} in the
 * root or {@code emorynlp/}). The official split is the item's {@link Utterance#group()}. Typographic quotes
 * become ASCII, as ASR transcripts have them.
 */
public final class MeldLoader implements CorpusLoader {

    private static final List<String> SPLITS = List.of("train", "dev", "test");

    private final boolean emory;

    private MeldLoader(boolean emory) {
        this.emory = emory;
    }

    public static MeldLoader meld() {
        return new MeldLoader(false);
    }

    public static MeldLoader emoryNlp() {
        return new MeldLoader(true);
    }

    @Override
    public String name() {
        return emory ? "emorynlp" : "meld";
    }

    @Override
    public String layout() {
        return emory ? "emorynlp/emorynlp_{train,dev,test}_final.csv (Utterance,Speaker,Emotion,Scene_ID,Utterance_ID,Season,Episode)"
                : "MELD/{train,dev,test}_sent_emo.csv (Utterance,Speaker,Emotion,Dialogue_ID,Utterance_ID)";
    }

    private String fileName(String split) {
        return emory ? "emorynlp_" + split + "_final.csv" : split + "_sent_emo.csv";
    }

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"([^\"]*)\"|'([^']*)'");

    /** EmoryNLP writes speakers as a Python list: {@code ['Chandler Bing', "Joey's Co-Star"]} → names joined by " & ". */
    static String speakers(String list) {
        java.util.regex.Matcher m = QUOTED.matcher(list);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add((m.group(1) != null ? m.group(1) : m.group(2)).strip());
        }
        return names.isEmpty() ? list.replaceAll("[\\[\\]]", "").strip() : String.join(" & ", names);
    }

    @Override
    public Dataset load(Path root, LabelMap labels) throws IOException {
        DatasetBuilder.requireDir(name(), root);
        Path dir = root;
        Path sub = root.resolve(emory ? "emorynlp" : "MELD");
        if (!Files.isRegularFile(dir.resolve(fileName("train"))) && Files.isDirectory(sub)) {
            dir = sub;
        }
        DatasetBuilder b = new DatasetBuilder(name(), labels);
        int found = 0;
        for (String split : SPLITS) {
            Path f = dir.resolve(fileName(split));
            if (!Files.isRegularFile(f)) {
                continue;
            }
            found++;
            Csv.Table t = Csv.table(f, false);
            int utt = t.col("Utterance");
            int speaker = t.col("Speaker");
            int emotion = t.col("Emotion");
            int dia = t.col(emory ? "Scene_ID" : "Dialogue_ID");
            int uid = t.col("Utterance_ID");
            int season = emory ? t.col("Season") : -1;
            int episode = emory ? t.col("Episode") : -1;
            for (Csv.Row r : t.rows()) {
                String where = f + ":" + r.line();
                if (r.cells().size() < t.header().size()) {
                    b.skip(where, "row has " + r.cells().size() + " fields, header has " + t.header().size());
                    continue;
                }
                String id = emory
                        ? split + "/s" + r.get(season) + "_e" + r.get(episode) + "_c" + r.get(dia) + "_u" + r.get(uid)
                        : split + "/dia" + r.get(dia) + "_utt" + r.get(uid);
                String who = emory ? speakers(r.get(speaker)) : r.get(speaker);
                b.add(where, id, who, r.get(emotion), null, DatasetBuilder.plainQuotes(r.get(utt)), split);
            }
        }
        if (found == 0) {
            throw new DatasetException(name() + ": none of " + fileName("train") + ", " + fileName("dev") + ", "
                    + fileName("test") + " in " + dir);
        }
        return b.build(dir, "utterances");
    }
}
