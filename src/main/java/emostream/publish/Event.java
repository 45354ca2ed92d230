package emostream.publish;

/** What the detector publishes. Immutable; serialised by {@link EventJson}. */
public sealed interface Event permits EmotionEvent, TranscriptEvent {

    /** {@code emotion} or {@code transcript}: the JSON {@code type} field. */
    String type();

    String stream();

    long seq();

    /** Stable across replays ({@code stream:seq} for emotion events) so consumers can de-duplicate. */
    String id();
}
