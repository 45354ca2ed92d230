package emostream.bench;

import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.EventJson;
import emostream.publish.EventSink;
import emostream.publish.TranscriptEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's event sink: serialises every event to its JSON line (what a real sink pays) and, for paced
 * streams, records how late it arrived. An event's due time is the wall-clock moment the last sample of its span
 * was captured: the stream's start time plus the event's {@code end_ms}, since paced audio is delivered as it
 * would come from a microphone.
 */
final class RecordingSink implements EventSink {

    static final String AUDIO = "audio";
    static final String FUSED = "fused";
    static final String SILENCE = "silence";
    static final String TRANSCRIPT = "transcript";

    private final boolean paced;
    private final Map<String, Long> streamStart = new ConcurrentHashMap<>();
    private final Map<String, Latencies> latencies = new LinkedHashMap<>();
    private final Map<String, LongAdder> counts = new LinkedHashMap<>();
    private final LongAdder jsonBytes = new LongAdder();
    private final AtomicLong firstEvent = new AtomicLong(Long.MIN_VALUE);

    RecordingSink(boolean paced) {
        this.paced = paced;
        for (String kind : new String[] {AUDIO, FUSED, SILENCE, TRANSCRIPT}) {
            latencies.put(kind, new Latencies());
            counts.put(kind, new LongAdder());
        }
    }

    /** Stream {@code id}'s sample 0 was (notionally) captured at {@code nanoTime}. */
    void streamStarted(String id, long nanoTime) {
        streamStart.put(id, nanoTime);
    }

    @Override
    public void publish(Event event) {
        long now = System.nanoTime();
        firstEvent.compareAndSet(Long.MIN_VALUE, now);
        jsonBytes.add(EventJson.toBytes(event).length);
        String kind;
        long endMs;
        if (event instanceof EmotionEvent e) {
            kind = e.silence() ? SILENCE : e.modalities().contains("text") ? FUSED : AUDIO;
            endMs = e.endMs();
        } else if (event instanceof TranscriptEvent t && t.isFinal()) {
            kind = TRANSCRIPT;
            endMs = t.endMs();
        } else {
            return;
        }
        counts.get(kind).increment();
        Long start = streamStart.get(event.stream());
        if (paced && start != null) {
            latencies.get(kind).add(now - (start + endMs * 1_000_000L));
        }
    }

    /** {@link System#nanoTime()} of the first event, or {@link Long#MIN_VALUE} when none came. */
    long firstEventNanos() {
        return firstEvent.get();
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Latency percentiles per kind of event that has any (paced runs only). */
    Map<String, Latencies.Summary> latencies() {
        Map<String, Latencies.Summary> out = new LinkedHashMap<>();
        latencies.forEach((k, v) -> {
            Latencies.Summary s = v.summary();
            if (s != null) {
                out.put(k, s);
            }
        });
        return out;
    }

    long jsonBytes() {
        return jsonBytes.sum();
    }
}
