package emostream.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one corpus layout into {@link Utterance}s with canonical labels. Loaders list and parse label files and
 * check that audio files exist; they do not decode audio (see {@link Dataset#checkAudio()}). Items they cannot
 * use are skipped with a reason; a root that is not the corpus at all is a {@link DatasetException}.
 */
public interface CorpusLoader {

    /** Registry name, also the corpus name in {@link LabelMap} keys. */
    String name();

    /** One line for help texts: the expected layout. */
    String layout();

    Dataset load(Path root, LabelMap labels) throws IOException;
}
