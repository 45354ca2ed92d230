package emostream.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * IEMOCAP release layout: {@code Session1..5/dialog/EmoEvaluation/<dialog>.txt} (lines
 * {@code [start - end]<TAB>Ses01F_impro01_F000<TAB>neu<TAB>[v, a, d]}), transcripts in
 * {@code dialog/transcriptions/<dialog>.txt} ({@code Ses01F_impro01_F000 [006.2901-008.2357]: text}) and audio in
 * {@code sentences/wav/<dialog>/<utterance>.wav}. Speaker = session + the gender letter of the utterance's last
 * part ({@code Ses01F_impro01_M003} → {@code Ses01M}); group = {@code Session1}.
 */
public final class IemocapLoader implements CorpusLoader {

    private static final Pattern EVAL = Pattern.compile("^\\[[^]]*]\\s+(Ses\\d{2}[FM]_\\S+_([FM])\\w*)\\s+(\\w+)\\s+\\[.*");
    private static final Pattern TRANSCRIPT = Pattern.compile("^(Ses\\d{2}[FM]_\\S+)\\s*\\[[^]]*]:\\s*(.*)$");

    @Override
    public String name() {
        return "iemocap";
    }

    @Override
    public String layout() {
        return "Session1..5/dialog/EmoEvaluation/*.txt, dialog/transcriptions/*.txt, sentences/wav/<dialog>/<utt>.wav";
    }

    @Override
    public Dataset load(Path root, LabelMap labels) throws IOException {
        DatasetBuilder.requireDir(name(), root);
        DatasetBuilder b = new DatasetBuilder(name(), labels);
        int sessions = 0;
        for (int s = 1; s <= 5; s++) {
            Path session = root.resolve("Session" + s);
            if (!Files.isDirectory(session)) {
                continue;
            }
            sessions++;
            Path evalDir = session.resolve("dialog").resolve("EmoEvaluation");
            if (!Files.isDirectory(evalDir)) {
                b.skip(session.toString(), "no dialog/EmoEvaluation folder");
                continue;
            }
            List<Path> evals;
            try (Stream<Path> files = Files.list(evalDir)) {
                evals = files.filter(p -> p.getFileName().toString().endsWith(".txt")
                        && !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path eval : evals) {
                String dialog = eval.getFileName().toString().replaceFirst("\\.txt$", "");
                Map<String, String> text = transcripts(session.resolve("dialog").resolve("transcriptions")
                        .resolve(dialog + ".txt"));
                List<String> lines = Files.readAllLines(eval, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = EVAL.matcher(lines.get(i));
                    if (!m.matches()) {
                        continue;  // annotator detail lines (C-E1:, A-F1: ...) and headers
                    }
                    String utt = m.group(1);
                    String speaker = utt.substring(0, 5) + m.group(2);
                    Path wav = session.resolve("sentences").resolve("wav").resolve(dialog).resolve(utt + ".wav");
                    b.add(eval + ":" + (i + 1), utt, speaker, m.group(3), wav, text.get(utt), "Session" + s);
                }
            }
        }
        if (sessions == 0) {
            throw new DatasetException(name() + ": no Session1..Session5 folders in " + root);
        }
        return b.build(root, "EmoEvaluation lines");
    }

    private static Map<String, String> transcripts(Path file) throws IOException {
        Map<String, String> m = new HashMap<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                Matcher t = TRANSCRIPT.matcher(line.strip());
                if (t.matches()) {
                    m.put(t.group(1), t.group(2));
                }
            }
        }
        return m;
    }
}
