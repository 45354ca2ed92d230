package emostream.publish;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One window's emotion. {@code label} is {@link #SILENCE} when the voice-activity gate found no speech;
 * then {@code probabilities} is empty and {@code modalities} is empty.
 *
 * @param seq           window index in the stream: window start / hop, so replays give the same number
 * @param probabilities label to probability, in the model's label order, summing to 1
 * @param transcript    the text that overlapped this window and went into the model, or {@code null}
 * @param modalities    what the label came from: {@code ["audio"]} or {@code ["audio","text"]}
 * @param model         the model's name and version, from its metadata
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
        String model) implements Event {

    public static final String SILENCE = "silence";

    public EmotionEvent {
        // keeps the model's label order, which makes the JSON readable
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        modalities = List.copyOf(modalities);
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
}
