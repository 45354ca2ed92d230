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
 * {@link #FUSED} by what its label used; the first later record of a window that brings words in is
 * {@link #REVISED}, timed from the end of its utterance (the last word of its final transcript), not from the window.
 * A revision from the open utterance's partial words comes before that final transcript: it is timed once the final
 * transcript that covers its window says where the utterance ended (so it can be early: negative). Records that only
 * close a window, or change words it already had, are not timed.
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
    /** Per stream: the texts of its final transcripts so far. */
    private final Map<String, java.util.Set<String>> finalTexts = new ConcurrentHashMap<>();
    /** Window ids that had a record with words already (only the first is timed). */
    private final java.util.Set<String> worded = ConcurrentHashMap.newKeySet();
    /** Per stream: revisions from partial words waiting for the final transcript of their utterance. */
    private final Map<String, java.util.List<long[]>> early = new ConcurrentHashMap<>();
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
                finalTexts.computeIfAbsent(t.stream(), k -> ConcurrentHashMap.newKeySet()).add(t.text());
                record(TRANSCRIPT, start, t.endMs(), now);
                java.util.List<long[]> waiting = early.get(t.stream());
                if (waiting != null) {
                    synchronized (waiting) {
                        // {window start ms, window end ms, arrival}: those this utterance covers are timed from its end
                        waiting.removeIf(w -> {
                            boolean covered = w[0] < Math.max(t.endMs(), t.startMs() + 1) && t.startMs() < w[1];
                            if (covered) {
                                record(REVISED, start, t.endMs(), w[2]);
                            }
                            return covered;
                        });
                    }
                }
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
        } else if (e.fused() && e.transcript() != null && worded.add(e.id())) {
            java.util.Set<String> finals = finalTexts.get(e.stream());
            if (finals != null && finals.contains(e.transcript())) {
                Long end = utteranceEnd.get(e.stream());
                record(REVISED, start, end == null ? e.endMs() : end, now);
            } else {
                // words of an utterance still open: timed when its final transcript says where it ended
                java.util.List<long[]> waiting = early.computeIfAbsent(e.stream(), k -> new java.util.ArrayList<>());
                synchronized (waiting) {
                    waiting.add(new long[] {e.startMs(), e.endMs(), now});
                }
            }
        }
        if (e.revision() == 0 && e.transcript() != null) {
            worded.add(e.id());
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
