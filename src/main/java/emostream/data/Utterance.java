package emostream.data;

import java.nio.file.Path;

/**
 * One labelled item of a corpus.
 *
 * @param corpus   loader name, e.g. {@code emodb}
 * @param id       unique within the corpus, e.g. {@code 03a01Fa} or {@code train/d12_u3}
 * @param speaker  speaker id, unique within the corpus ({@code ""} when unknown, e.g. Reddit comments)
 * @param label    canonical label after the {@link LabelMap}
 * @param rawLabel the corpus's own label, e.g. {@code W} or {@code joy}
 * @param audio    the audio file, or {@code null} for text-only corpora
 * @param text     transcript or text, or {@code null} when unknown
 * @param group    IEMOCAP session ({@code Session1}), official split ({@code train}/{@code dev}/{@code test}), else {@code ""}
 */
public record Utterance(String corpus, String id, String speaker, String label, String rawLabel, Path audio,
                        String text, String group) {

    /** The same item with another canonical label (relabelling for a view or a merged label set). */
    public Utterance withLabel(String newLabel) {
        return new Utterance(corpus, id, speaker, newLabel, rawLabel, audio, text, group);
    }

    /** Speaker qualified by corpus, so speakers of two corpora never collide when datasets are merged. */
    public String speakerKey() {
        return corpus + "/" + speaker;
    }
}
