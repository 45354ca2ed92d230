package emostream.kafka;

import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.EventSink;
import emostream.publish.TranscriptEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.time.Duration;
import java.util.function.Function;

/**
 * Publishes events to Kafka: emotion events to the emotion topic, transcript events to the transcript topic
 * (not at all when that topic is blank). An emotion record's key is its window id {@code stream:seq}, so a compacted
 * topic keeps the last revision of every window; the producer's {@link StreamPartitioner} hashes only the stream part,
 * so one stream's records stay in order in one partition and a window's revisions follow its first record. A
 * transcript's key is the stream id. Value = the event's JSON; headers
 * {@code type} and {@code id} (and for emotion events {@code revision} and {@code final}) let consumers route,
 * de-duplicate and keep the latest record per id without parsing. Never blocks for long: sends are asynchronous,
 * acknowledged later.
 */
public final class KafkaEventSink implements EventSink {

    private final KafkaOutput output;
    private final String emotionTopic;
    private final String transcriptTopic;
    private final Function<Event, String> json;
    private final Duration flushTimeout;

    /**
     * @param transcriptTopic blank or null: transcript events are not published to Kafka
     * @param json            the event's JSON text ({@code emostream.publish.EventJson})
     */
    public KafkaEventSink(KafkaOutput output, String emotionTopic, String transcriptTopic,
                          Function<Event, String> json, Duration flushTimeout) {
        this.output = output;
        this.emotionTopic = emotionTopic;
        this.transcriptTopic = transcriptTopic == null || transcriptTopic.isBlank() ? null : transcriptTopic;
        this.json = json;
        this.flushTimeout = flushTimeout;
    }

    @Override
    public void publish(Event event) {
        String topic = event instanceof TranscriptEvent ? transcriptTopic : emotionTopic;
        if (topic == null) {
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("type", AudioChunk.utf8(event.type()));
        headers.add("id", AudioChunk.utf8(event.id()));
        if (event instanceof EmotionEvent e) {
            headers.add("revision", AudioChunk.utf8(Integer.toString(e.revision())));
            headers.add("final", AudioChunk.utf8(Boolean.toString(e.isFinal())));
        }
        String key = event instanceof EmotionEvent ? event.id() : event.stream();
        output.send(new ProducerRecord<>(topic, null, AudioChunk.utf8(key),
                AudioChunk.utf8(json.apply(event)), headers));
    }

    /** Blocks until Kafka acknowledged everything published so far (or the flush timeout ran out). */
    @Override
    public void flush() {
        try {
            output.awaitAcked(flushTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
