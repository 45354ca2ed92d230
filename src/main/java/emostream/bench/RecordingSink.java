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
 * <p>
 * Kinds: a speech window's first record (revision 0) is {@link #PROVISIONAL}, and also {@link #AUDIO} or
 * {@link #FUSED} by what its label used; a later record that brings the transcript in is {@link #REVISED}, timed
 * from the end of the utterance (the last word of the final transcript published just before it), not from the
 * window. Records that only close a window are not timed.
 */
final class RecordingSink implements EventSink {

    static final String AUDIO = "audio";
    static final String FUSED = "fused";
    static final String SILENCE = "silence";
    static final String TRANSCRIPT = "transcript";
    static final String PROVISIONAL = "provisional";
    static final String REVISED = "revised";
    static final String SKIPPED = "asr-skipped";

    private final boolean paced;
    private final Map<String, Long> streamStart = new ConcurrentHashMap<>();
    private final Map<String, Latencies> latencies = new LinkedHashMap<>();
    private final Map<String, Latencies> provisionalByStream = new ConcurrentHashMap<>();
    private final Map<String, Long> utteranceEnd = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new LinkedHashMap<>();
    private final LongAdder jsonBytes = new LongAdder();
    private final AtomicLong firstEvent = new AtomicLong(Long.MIN_VALUE);

    RecordingSink(boolean paced) {
        this.paced = paced;
        for (String kind : new String[] {AUDIO, FUSED, SILENCE, TRANSCRIPT, PROVISIONAL, REVISED, SKIPPED}) {
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
        Long start = streamStart.get(event.stream());
        if (event instanceof TranscriptEvent t) {
            if (t.isFinal()) {
                utteranceEnd.put(t.stream(), t.endMs());
                record(TRANSCRIPT, start, t.endMs(), now);
            }
            return;
        }
        EmotionEvent e = (EmotionEvent) event;
        if (e.isFinal() && e.asrSkipped()) {
            counts.get(SKIPPED).increment();
        }
        if (e.revision() == 0) {
            if (e.silence()) {
                record(SILENCE, start, e.endMs(), now);
                return;
            }
            record(e.fused() ? FUSED : AUDIO, start, e.endMs(), now);
            record(PROVISIONAL, start, e.endMs(), now);
            if (paced && start != null) {
                provisionalByStream.computeIfAbsent(e.stream(), k -> new Latencies())
                        .add(now - (start + e.endMs() * 1_000_000L));
            }
        } else if (e.fused() && e.transcript() != null) {
            Long end = utteranceEnd.get(e.stream());
            record(REVISED, start, end == null ? e.endMs() : end, now);
        }
    }

    private void record(String kind, Long start, long endMs, long now) {
        counts.get(kind).increment();
        if (paced && start != null) {
            latencies.get(kind).add(now - (start + endMs * 1_000_000L));
        }
    }

    /** The p95 of the stream whose provisional records were latest (paced runs), in ms; -1 without any. */
    double worstStreamProvisionalP95() {
        double worst = -1;
        for (Latencies l : provisionalByStream.values()) {
            Latencies.Summary s = l.summary();
            if (s != null) {
                worst = Math.max(worst, s.p95());
            }
        }
        return worst;
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
