package emostream.server;

import emostream.asr.Word;
import emostream.audio.AudioReceiver;
import emostream.publish.EmotionEvent;
import emostream.publish.EventSink;
import emostream.publish.TranscriptEvent;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interim stand-in for the Detector while the trained model is not on main: one emotion event per 0.5 s hop of
 * audio (seq, times and fields as the Detector writes them) and a final transcript when the stream ends.
 */
final class SyntheticPipeline implements AudioReceiver {

    private final EventSink sink;
    private final Map<String, long[]> samples = new ConcurrentHashMap<>();

    SyntheticPipeline(EventSink sink) {
        this.sink = sink;
    }

    Set<String> streams() {
        return Set.copyOf(samples.keySet());
    }

    @Override
    public void audio(String stream, float[] s, int off, int len) {
        long[] n = samples.computeIfAbsent(stream, k -> new long[2]);
        n[0] += len;
        while (n[0] >= (n[1] * 8000) + 32000) {
            long seq = n[1]++;
            sink.publish(new EmotionEvent(stream, seq, seq * 500, seq * 500 + 2000, "anger", 0.6,
                    Map.of("anger", 0.6, "neutral", 0.4), "anger", null, List.of("audio"), "synthetic"));
        }
    }

    @Override
    public void end(String stream) {
        long[] n = samples.remove(stream);
        if (n != null) {
            sink.publish(new TranscriptEvent(stream, 0, 0, n[0] / 16, "i told you",
                    List.of(new Word("i", 0, 100, 1), new Word("told", 100, 300, 1), new Word("you", 300, 500, 1)), true));
        }
    }
}
