package emostream.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans every event out to the subscribed sinks. A sink that throws is logged and skipped for that
 * event; it never stops delivery to the others or the pipeline.
 */
public final class EventBus implements EventSink {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();

    public EventBus subscribe(EventSink sink) {
        sinks.add(sink);
        return this;
    }

    public void unsubscribe(EventSink sink) {
        sinks.remove(sink);
    }

    @Override
    public void publish(Event event) {
        for (EventSink s : sinks) {
            try {
                s.publish(event);
            } catch (RuntimeException e) {
                log.warn("sink {} failed on {} {}: {}", s.getClass().getSimpleName(), event.type(), event.id(), e.toString());
            }
        }
    }

    @Override
    public void flush() {
        for (EventSink s : sinks) {
            s.flush();
        }
    }

    @Override
    public void close() {
        for (EventSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("closing sink {} failed: {}", s.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
