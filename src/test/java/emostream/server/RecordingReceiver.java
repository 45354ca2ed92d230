package emostream.server;

import emostream.audio.AudioReceiver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Unit-test stand-in for the pipeline: remembers what each stream received and which streams ended. */
final class RecordingReceiver implements AudioReceiver {

    final Map<String, List<Float>> audio = new ConcurrentHashMap<>();
    final List<String> ended = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile RuntimeException failWith;

    @Override
    public void audio(String streamId, float[] samples, int offset, int length) {
        if (failWith != null) {
            throw failWith;
        }
        List<Float> l = audio.computeIfAbsent(streamId, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
        for (int i = 0; i < length; i++) {
            l.add(samples[offset + i]);
        }
    }

    @Override
    public void end(String streamId) {
        ended.add(streamId);
    }

    int samples(String stream) {
        List<Float> l = audio.get(stream);
        return l == null ? 0 : l.size();
    }
}
