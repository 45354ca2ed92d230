package emostream.server;

import emostream.asr.Word;
import emostream.publish.EmotionEvent;
import emostream.publish.EventSink;
import emostream.publish.TranscriptEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plausible-looking events for looking at the dashboard without a model (screenshots while developing):
 * a mood that drifts between labels, silence gaps, and a transcript segment every few seconds.
 */
final class SyntheticEvents {

    static final List<String> LABELS = List.of("anger", "boredom", "disgust", "fear", "happiness", "neutral", "sadness");
    private static final String[] LINES = {"i told you this would happen", "well that is just great",
            "can we please talk about it", "nobody listens to me anymore", "this is the best day ever",
            "i am not sure what to say"};

    private final String stream;
    private final EventSink sink;
    private long seq;
    private long transcriptSeq;

    SyntheticEvents(String stream, EventSink sink) {
        this.stream = stream;
        this.sink = sink;
    }

    void next() {
        long start = seq * 500;
        long end = start + 2000;
        double t = seq / 20.0;
        boolean silent = seq % 37 > 31;
        if (silent) {
            sink.publish(new EmotionEvent(stream, seq, start, end, EmotionEvent.SILENCE, 0, Map.of(), "neutral", null,
                    List.of(), "synthetic"));
        } else {
            Map<String, Double> p = new LinkedHashMap<>();
            double sum = 0;
            double[] raw = new double[LABELS.size()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = Math.exp(2.2 * Math.sin(t * (0.6 + 0.13 * i) + i * 1.7) + 0.2 * Math.cos(seq * 0.9 + i));
                sum += raw[i];
            }
            String best = null;
            double bestP = -1;
            for (int i = 0; i < raw.length; i++) {
                double v = raw[i] / sum;
                p.put(LABELS.get(i), v);
                if (v > bestP) {
                    bestP = v;
                    best = LABELS.get(i);
                }
            }
            String transcript = transcriptSeq > 0 ? LINES[(int) ((transcriptSeq - 1) % LINES.length)] : null;
            sink.publish(new EmotionEvent(stream, seq, start, end, best, bestP, p, best, transcript,
                    transcript == null ? List.of("audio") : List.of("audio", "text"), "synthetic-v0"));
        }
        if (seq % 8 == 7) {
            String text = LINES[(int) (transcriptSeq % LINES.length)];
            List<Word> words = new ArrayList<>();
            long ws = end - 3200;
            for (String w : text.split(" ")) {
                words.add(new Word(w, ws, ws + 300, 1.0));
                ws += 350;
            }
            sink.publish(new TranscriptEvent(stream, transcriptSeq++, end - 3200, end - 200, text, words, true));
        }
        seq++;
    }
}
