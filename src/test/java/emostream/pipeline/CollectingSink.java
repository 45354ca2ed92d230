package emostream.pipeline;

import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.EventSink;
import emostream.publish.TranscriptEvent;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event, in order (thread-safe), each checked against the events' JSON Schema. */
final class CollectingSink implements EventSink {

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void publish(Event event) {
        emostream.publish.EventSchemas.check(event);
        events.add(event);
    }

    /** Each window's last record, in seq order. */
    synchronized List<EmotionEvent> latest(String stream) {
        java.util.TreeMap<Long, EmotionEvent> last = new java.util.TreeMap<>();
        for (EmotionEvent e : emotions(stream)) {
            last.put(e.seq(), e);
        }
        return List.copyOf(last.values());
    }

    /**
     * Checks the revision contract for every window of {@code stream}: records in revision order 0, 1, 2, ... with
     * exactly one final record, the last one; returns the windows' last records in seq order.
     */
    synchronized List<EmotionEvent> checkRevisions(String stream) {
        java.util.Map<Long, List<EmotionEvent>> byWindow = new java.util.TreeMap<>();
        for (EmotionEvent e : emotions(stream)) {
            byWindow.computeIfAbsent(e.seq(), k -> new ArrayList<>()).add(e);
        }
        List<EmotionEvent> out = new ArrayList<>();
        for (List<EmotionEvent> records : byWindow.values()) {
            for (int i = 0; i < records.size(); i++) {
                EmotionEvent r = records.get(i);
                if (r.revision() != i) {
                    throw new AssertionError("window " + r.id() + ": record " + i + " has revision " + r.revision() + ": " + records);
                }
                if (r.isFinal() != (i == records.size() - 1)) {
                    throw new AssertionError("window " + r.id() + ": only its last record is final: " + records);
                }
            }
            out.add(records.get(records.size() - 1));
        }
        return out;
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
