package emostream.train;

import java.nio.file.Path;

/**
 * One labelled item as training sees it: an audio clip, a text, or both. Corpus loaders' records map onto this,
 * so the training code does not depend on any corpus format.
 *
 * @param id      unique within its corpus (file name or utterance id)
 * @param corpus  e.g. {@code emodb}
 * @param speaker speaker id within the corpus ({@code corpus:speaker} is global); splits never share one
 * @param label   canonical label (one of the model's labels)
 * @param audio   the clip, or null for text-only items
 * @param text    the transcript, or null
 */
public record Example(String id, String corpus, String speaker, String label, Path audio, String text) {

    public String globalSpeaker() {
        return corpus + ":" + speaker;
    }
}
