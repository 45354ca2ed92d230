package emostream.bench;

import emostream.asr.Transcriber;
import emostream.asr.TranscriberSession;
import emostream.asr.Transcript;
import emostream.audio.AudioReceiver;
import emostream.publish.EventSink;
import emostream.publish.TranscriptEvent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Speech recognition alone on the same audio (no windows, features, model or text encoder): the baseline that
 * shows what the emotion path adds on top of Vosk.
 */
final class TranscribeOnly implements AudioReceiver {

    private final Transcriber transcriber;
    private final EventSink sink;
    private final Map<String, TranscriberSession> sessions = new ConcurrentHashMap<>();

    TranscribeOnly(Transcriber transcriber, EventSink sink) {
        this.transcriber = transcriber;
        this.sink = sink;
    }

    @Override
    public void audio(String streamId, float[] samples, int offset, int length) {
        TranscriberSession s = sessions.computeIfAbsent(streamId, id -> transcriber.open(id, 0));
        publish(streamId, s.accept(samples, offset, length));
    }

    @Override
    public void end(String streamId) {
        TranscriberSession s = sessions.remove(streamId);
        if (s != null) {
            try (s) {
                publish(streamId, s.finish());
            }
        }
    }

    private void publish(String streamId, List<Transcript> results) {
        for (Transcript t : results) {
            if (t.isFinal() && !t.isEmpty()) {
                sink.publish(new TranscriptEvent(streamId, t.startMs() / 10, t.startMs(), t.endMs(), t.text(), t.words(), true));
            }
        }
    }
}
