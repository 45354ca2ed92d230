package emostream.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Corpora whose labels live in the file names: CREMA-D ({@code AudioWAV/1001_DFA_ANG_XX.wav}), RAVDESS
 * ({@code Actor_01/03-01-05-01-02-01-01.wav}: modality, vocal channel, emotion, intensity, statement, repetition,
 * actor; speech only, songs skipped), TESS ({@code OAF_angry/OAF_back_angry.wav}: speaker, word, emotion), ASED
 * ({@code a5-01-01-01-07.wav}: emotion letter and number, sentence, repetition, gender, speaker) and EMOVO
 * ({@code dis-f1-b1.wav}: emotion, speaker, sentence). Files are found anywhere below the root, as WAV or FLAC
 * (any extension {@link Csv#isAudio} takes); the sentence spoken becomes the text where the corpus names it
 * (EMOVO: from a {@code labels.csv} with {@code file} and {@code text} columns, when present).
 */
public final class FileNameLoader implements CorpusLoader {

    private enum Kind { CREMA_D, RAVDESS, TESS, ASED, EMOVO }

    // matched against the file name without its extension
    private static final Pattern CREMA = Pattern.compile("(\\d{4})_([A-Z]{3})_([A-Z]{3})_([A-Z]{2})");
    private static final Pattern RAVDESS = Pattern.compile("(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})");
    private static final Pattern TESS = Pattern.compile("([A-Za-z]{3})_([A-Za-z']+)_([A-Za-z_]+)");
    private static final Pattern ASED = Pattern.compile("([nfhsaNFHSA])([1-5])-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})");
    private static final Pattern EMOVO = Pattern.compile("([a-z]{3})-([fm]\\d)-([a-z]\\d)");
    private static final Map<Character, String> ASED_EMOTIONS = Map.of(
            'n', "neutral", 'f', "fearful", 'h', "happy", 's', "sad", 'a', "angry");

    private static final Map<String, String> CREMA_SENTENCES = Map.ofEntries(
            Map.entry("IEO", "It's eleven o'clock"), Map.entry("TIE", "That is exactly what happened"),
            Map.entry("IOM", "I'm on my way to the meeting"), Map.entry("IWW", "I wonder what this is about"),
            Map.entry("TAI", "The airplane is almost full"), Map.entry("MTI", "Maybe tomorrow it will be cold"),
            Map.entry("IWL", "I would like a new alarm clock"), Map.entry("ITH", "I think I have a doctor's appointment"),
            Map.entry("DFA", "Don't forget a jacket"), Map.entry("ITS", "I think I've seen this before"),
            Map.entry("TSI", "The surface is slick"), Map.entry("WSI", "We'll stop in a couple of minutes"));
    private static final String[] RAVDESS_EMOTIONS = {
            null, "neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"};
    private static final String[] RAVDESS_STATEMENTS = {
            null, "Kids are talking by the door", "Dogs are sitting by the door"};

    private final Kind kind;

    private FileNameLoader(Kind kind) {
        this.kind = kind;
    }

    public static FileNameLoader cremaD() {
        return new FileNameLoader(Kind.CREMA_D);
    }

    public static FileNameLoader ravdess() {
        return new FileNameLoader(Kind.RAVDESS);
    }

    public static FileNameLoader tess() {
        return new FileNameLoader(Kind.TESS);
    }

    public static FileNameLoader ased() {
        return new FileNameLoader(Kind.ASED);
    }

    public static FileNameLoader emovo() {
        return new FileNameLoader(Kind.EMOVO);
    }

    @Override
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String layout() {
        return switch (kind) {
            case CREMA_D -> "AudioWAV/<actor>_<sentence>_<EMO>_<level>.wav, e.g. 1001_DFA_ANG_XX.wav";
            case RAVDESS -> "Actor_XX/03-01-EE-II-SS-RR-AA.wav (EE = emotion 01..08, AA = actor)";
            case TESS -> "OAF_*/ and YAF_*/ folders of <speaker>_<word>_<emotion>.wav, e.g. OAF_back_angry.wav";
            case ASED -> "<e><n>-<sentence>-<repetition>-<gender>-<speaker>.wav|flac, e.g. a5-01-01-01-07.flac (e: n f h s a)";
            case EMOVO -> "<emotion>-<speaker>-<sentence>.wav|flac, e.g. dis-f1-b1.flac; optional labels.csv (file,text)";
        };
    }

    @Override
    public Dataset load(Path root, LabelMap labels) throws IOException {
        DatasetBuilder.requireDir(name(), root);
        DatasetBuilder b = new DatasetBuilder(name(), labels);
        Map<String, String> texts = kind == Kind.EMOVO ? textsByFile(root) : Map.of();
        for (Path wav : DatasetBuilder.audioFiles(root, true)) {
            String file = wav.getFileName().toString();
            String where = wav.toString();
            String id = Csv.baseName(file);
            switch (kind) {
                case CREMA_D -> {
                    Matcher m = CREMA.matcher(id);
                    if (!m.matches()) {
                        b.skip(where, "not a CREMA-D file name (expected e.g. 1001_DFA_ANG_XX.wav)");
                    } else {
                        b.add(where, id, m.group(1), m.group(3), wav, CREMA_SENTENCES.get(m.group(2)), "");
                    }
                }
                case RAVDESS -> {
                    Matcher m = RAVDESS.matcher(id);
                    if (!m.matches()) {
                        b.skip(where, "not a RAVDESS file name (expected e.g. 03-01-05-01-02-01-12.wav)");
                        continue;
                    }
                    int emotion = Integer.parseInt(m.group(3));
                    int statement = Integer.parseInt(m.group(5));
                    if (!m.group(2).equals("01")) {
                        b.skip(where, "song (vocal channel " + m.group(2) + "); speech only");
                    } else if (emotion < 1 || emotion >= RAVDESS_EMOTIONS.length) {
                        b.skip(where, "unknown emotion code " + m.group(3));
                    } else {
                        b.add(where, id, m.group(7), RAVDESS_EMOTIONS[emotion], wav,
                                statement == 1 || statement == 2 ? RAVDESS_STATEMENTS[statement] : null, "");
                    }
                }
                case TESS -> {
                    Matcher m = TESS.matcher(id);
                    if (!m.matches()) {
                        b.skip(where, "not a TESS file name (expected e.g. OAF_back_angry.wav)");
                    } else {
                        String raw = m.group(3).toLowerCase(Locale.ROOT);
                        b.add(where, id, m.group(1).toUpperCase(Locale.ROOT), raw, wav,
                                "Say the word " + m.group(2), "");
                    }
                }
                case ASED -> {
                    Matcher m = ASED.matcher(id);
                    if (!m.matches()) {
                        b.skip(where, "not an ASED file name (expected e.g. a5-01-01-01-07.flac)");
                    } else {
                        // the authors' names: emotion letter + number (n1 neutral ... a5 angry), sentence, repetition,
                        // gender (01 female, 02 male), speaker 01..65
                        b.add(where, id.toLowerCase(Locale.ROOT), m.group(6),
                                ASED_EMOTIONS.get(Character.toLowerCase(m.group(1).charAt(0))), wav, null, "");
                    }
                }
                case EMOVO -> {
                    Matcher m = EMOVO.matcher(id);
                    if (!m.matches()) {
                        b.skip(where, "not an EMOVO file name (expected e.g. dis-f1-b1.flac)");
                    } else {
                        b.add(where, id, m.group(2), m.group(1), wav, texts.get(id), "");
                    }
                }
            }
        }
        return b.build(root, "audio files");
    }

    /** {@code labels.csv} (columns {@code file}, {@code text}) as file base name → text; empty when absent. */
    private static Map<String, String> textsByFile(Path root) throws IOException {
        Path csv = root.resolve("labels.csv");
        if (!java.nio.file.Files.isRegularFile(csv)) {
            return Map.of();
        }
        Csv.Table t = Csv.table(csv, false);
        int file = t.find("file");
        int text = t.find("text");
        Map<String, String> out = new java.util.HashMap<>();
        if (file >= 0 && text >= 0) {
            for (Csv.Row r : t.rows()) {
                out.put(Csv.baseName(Path.of(r.get(file)).getFileName().toString()), r.get(text));
            }
        }
        return out;
    }
}
