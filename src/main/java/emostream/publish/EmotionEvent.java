package emostream.publish;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One window's emotion. {@code label} is {@link #SILENCE} when the voice-activity gate found no speech;
 * then {@code probabilities} is empty and {@code modalities} is empty.
 * <p>
 * A window may be published more than once under the same {@link #id()}: first at once from the audio
 * (revision 0, {@code final=false} while a transcript may still change it), then revised when a final
 * transcript that overlaps it arrives, and closed with {@code final=true}. The last record of an id is the one
 * that counts; with {@code pipeline.revisions=false} every window is one record, revision 0, final.
 *
 * @param seq           window index in the stream: window start / hop, so replays give the same number
 * @param probabilities label to probability, in the model's label order, summing to 1
 * @param transcript    the text that overlapped this window and went into the model, or {@code null}
 * @param modalities    what the label came from: {@code ["audio"]} or {@code ["audio","text"]}
 * @param model         the model's name and version, from its metadata
 * @param revision      0 for the first record of a window, then 1, 2, ... for each revision of it
 * @param isFinal       no later record of this window will follow
 * @param asrLagMs      how far the stream's speech recognition was behind when this record was made, when that was
 *                      at least {@code asr.lag.warn.seconds}; {@code null} while recognition keeps up (or is off)
 * @param asrSkipped    speech recognition skipped (part of) this window's audio because it could not keep up: no
 *                      transcript will come for it
 */
public record EmotionEvent(
        String stream,
        long seq,
        long startMs,
        long endMs,
        String label,
        double confidence,
        Map<String, Double> probabilities,
        String smoothedLabel,
        String transcript,
        List<String> modalities,
        String model,
        int revision,
        boolean isFinal,
        Long asrLagMs,
        boolean asrSkipped) implements Event {

    public static final String SILENCE = "silence";

    public EmotionEvent {
        // keeps the model's label order, which makes the JSON readable
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        modalities = List.copyOf(modalities);
        if (revision < 0) {
            throw new IllegalArgumentException("revision " + revision + " is negative");
        }
    }

    /** A window's one and only record (revision 0, final), as published with {@code pipeline.revisions=false}. */
    public EmotionEvent(String stream, long seq, long startMs, long endMs, String label, double confidence,
                        Map<String, Double> probabilities, String smoothedLabel, String transcript, List<String> modalities,
                        String model) {
        this(stream, seq, startMs, endMs, label, confidence, probabilities, smoothedLabel, transcript, modalities, model,
                0, true, null, false);
    }

    @Override
    public String type() {
        return "emotion";
    }

    @Override
    public String id() {
        return stream + ":" + seq;
    }

    public boolean silence() {
        return SILENCE.equals(label);
    }

    /** Whether the label used a transcript. */
    public boolean fused() {
        return modalities.contains("text");
    }

    /** The same window as the next revision, with {@code isFinal} and the recognition state of now. */
    public EmotionEvent next(boolean isFinal, Long asrLagMs, boolean asrSkipped) {
        return new EmotionEvent(stream, seq, startMs, endMs, label, confidence, probabilities, smoothedLabel, transcript,
                modalities, model, revision + 1, isFinal, asrLagMs, asrSkipped);
    }
}
