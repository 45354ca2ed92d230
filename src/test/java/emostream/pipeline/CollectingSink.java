package emostream.pipeline;

import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.EventSink;
import emostream.publish.TranscriptEvent;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event, in order (thread-safe). */
final class CollectingSink implements EventSink {

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void publish(Event event) {
        events.add(event);
    }

    synchronized List<Event> all() {
        return List.copyOf(events);
    }

    synchronized List<EmotionEvent> emotions(String stream) {
        List<EmotionEvent> out = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof EmotionEvent em && em.stream().equals(stream)) {
                out.add(em);
            }
        }
        return out;
    }

    synchronized List<TranscriptEvent> transcripts(String stream) {
        List<TranscriptEvent> out = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof TranscriptEvent t && t.stream().equals(stream)) {
                out.add(t);
            }
        }
        return out;
    }

    synchronized void clear() {
        events.clear();
    }
}
