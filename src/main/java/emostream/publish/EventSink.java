package emostream.publish;

/**
 * Where events go: stdout, the console, WebSocket clients, a Kafka topic.
 * {@link #publish} is called from pipeline threads and must not block for long: a sink that
 * can fall behind (a network client) buffers with a bound and drops with a counter.
 */
public interface EventSink extends AutoCloseable {

    void publish(Event event);

    /** Blocks until everything published so far is delivered (Kafka: acknowledged). */
    default void flush() {
    }

    @Override
    default void close() {
    }
}
