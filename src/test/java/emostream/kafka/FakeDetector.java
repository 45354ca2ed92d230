package emostream.kafka;

import emostream.publish.EmotionEvent;
import emostream.publish.EventSink;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test double of the Detector's stream contract: fixed windows, absolute seq = start / hop, synchronous publishing,
 * resumePoint = start of the next unpublished window. Each event's transcript carries a hash of the window's
 * audio, so a replay that resumed at the wrong sample shows up as a different value for the same id.
 */
final class FakeDetector implements ResumableReceiver {

    private final int window;
    private final int hop;
    private final EventSink sink;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    private static final class Stream {
        final long origin;
        float[] pcm = new float[1024];
        int size;
        long next;   // absolute start of the next window to publish

        Stream(long origin, int hop) {
            this.origin = origin;
            this.next = (origin + hop - 1) / hop * hop;
        }

        long position() {
            return origin + size;
        }
    }

    FakeDetector(int window, int hop, EventSink sink) {
        this.window = window;
        this.hop = hop;
        this.sink = sink;
    }

    @Override
    public void begin(String stream, long startSample) {
        if (streams.putIfAbsent(stream, new Stream(startSample, hop)) != null) {
            throw new IllegalStateException("stream " + stream + " is already open");
        }
    }

    @Override
    public void audio(String stream, float[] samples, int offset, int length) {
        Stream s = streams.computeIfAbsent(stream, id -> new Stream(0, hop));
        if (s.size + length > s.pcm.length) {
            s.pcm = Arrays.copyOf(s.pcm, Math.max(s.pcm.length * 2, s.size + length));
        }
        System.arraycopy(samples, offset, s.pcm, s.size, length);
        s.size += length;
        while (s.next + window <= s.position()) {
            emit(stream, s);
        }
    }

    @Override
    public void end(String stream) {
        Stream s = streams.remove(stream);
        if (s == null) {
            return;
        }
        while (s.next < s.position()) {
            emit(stream, s);
        }
    }

    @Override
    public void drop(String stream) {
        streams.remove(stream);
    }

    @Override
    public long resumePoint(String stream) {
        Stream s = streams.get(stream);
        return s == null ? -1 : s.next;
    }

    private void emit(String stream, Stream s) {
        float[] w = new float[window];
        int from = (int) (s.next - s.origin);
        System.arraycopy(s.pcm, from, w, 0, Math.max(0, Math.min(window, s.size - from)));
        long seq = s.next / hop;
        sink.publish(new EmotionEvent(stream, seq, s.next / 16, (s.next + window) / 16, "neutral", 1.0,
                Map.of("neutral", 1.0), "neutral", Integer.toHexString(Arrays.hashCode(w)), List.of("audio"), "fake"));
        s.next += hop;
    }

    /** The events a detector that saw {@code pcm} whole, in one call, publishes: what Kafka must reproduce. */
    static Map<String, String> expected(String stream, float[] pcm, int window, int hop) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        FakeDetector d = new FakeDetector(window, hop, e -> out.put(e.id(), ((EmotionEvent) e).transcript()));
        d.audio(stream, pcm, 0, pcm.length);
        d.end(stream);
        return out;
    }
}
