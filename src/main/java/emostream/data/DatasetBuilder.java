package emostream.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** What every loader does with a parsed item: map the label, check the audio exists, reject duplicates, count skips. */
final class DatasetBuilder {

    private final String corpus;
    private final LabelMap labels;
    private final List<Utterance> items = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    DatasetBuilder(String corpus, LabelMap labels) {
        this.corpus = corpus;
        this.labels = labels;
    }

    /**
     * Adds an item, or skips it with the reason: unmapped label, missing audio, duplicate id.
     *
     * @param where the file or {@code file:line} named in a skip
     */
    void add(String where, String id, String speaker, String rawLabel, Path audio, String text, String group) {
        Optional<String> label = labels.map(corpus, rawLabel);
        if (label.isEmpty()) {
            skip(where, labels.reason(corpus, rawLabel));
        } else {
            addLabelled(where, id, speaker, label.get(), rawLabel, audio, text, group);
        }
    }

    /** Adds an item whose canonical label the loader has already decided (multi-label rows). */
    void addLabelled(String where, String id, String speaker, String label, String rawLabel, Path audio, String text,
                     String group) {
        if (audio != null && !Files.isRegularFile(audio)) {
            skip(where, "audio file missing: " + audio);
        } else if (!ids.add(id)) {
            skip(where, "duplicate id " + id);
        } else {
            items.add(new Utterance(corpus, id, speaker == null ? "" : speaker, label, rawLabel, audio,
                    text == null || text.isBlank() ? null : text.strip(), group == null ? "" : group));
        }
    }

    void skip(String where, String reason) {
        skipped.add(new Skipped(where, reason));
    }

    /** The dataset; an empty result with nothing skipped means the root held none of this corpus: an error. */
    Dataset build(Path root, String expected) throws DatasetException {
        if (items.isEmpty() && skipped.isEmpty()) {
            throw new DatasetException(corpus + ": no " + expected + " found in " + root);
        }
        return new Dataset(corpus, items, skipped);
    }

    /** The root must be an existing folder. */
    static void requireDir(String corpus, Path root) throws DatasetException {
        if (root == null) {
            throw new DatasetException(corpus + ": no data folder given");
        }
        if (!Files.exists(root)) {
            throw new DatasetException(corpus + ": " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException(corpus + ": " + root + " is not a folder");
        }
    }

    /** Audio files ({@link Csv#AUDIO_EXTENSIONS}) directly in (or, when {@code deep}, anywhere below) {@code dir}, sorted. */
    static List<Path> audioFiles(Path dir, boolean deep) throws IOException {
        try (Stream<Path> s = deep ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(Csv::isAudio).sorted().toList();
        }
    }

    /** Typographic quotes to ASCII, as ASR transcripts have them. */
    static String plainQuotes(String s) {
        return s.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u201C', '"').replace('\u201D', '"');
    }
}
