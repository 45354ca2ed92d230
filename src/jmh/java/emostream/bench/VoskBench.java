package emostream.bench;

import emostream.asr.TranscriberSession;
import emostream.asr.VoskTranscriber;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;

/**
 * Vosk per second of continuous speech (with pauses, so utterances end and restart), fed in 100-ms chunks as a
 * microphone delivers it. {@code pipeline} is the detector's own {@link VoskTranscriber} session; the bare
 * recogniser variants take it apart: {@code final-only} (word times on final results, no partial results),
 * {@code partial} (+ a partial result after every chunk), {@code partial-words} (+ word times in partials, which
 * the pipeline asks for).
 */
@State(Scope.Thread)
public class VoskBench {

    private static final int CHUNK = 1_600;
    private static final int SECOND = 16_000;

    @Param({"pipeline", "final-only", "partial", "partial-words"})
    public String recognizer;

    private VoskTranscriber vosk;
    private TranscriberSession session;
    private Model model;
    private Recognizer bare;
    private float[] audio;
    private short[] pcm;
    private final short[] chunk = new short[CHUNK];
    private int position;

    @Setup
    public void setup() throws IOException {
        audio = BenchInputs.speech(60);
        pcm = new short[audio.length];
        for (int i = 0; i < audio.length; i++) {
            pcm[i] = (short) Math.round(Math.max(-1f, Math.min(1f, audio[i])) * 32767f);
        }
        if (recognizer.equals("pipeline")) {
            vosk = VoskTranscriber.load(BenchInputs.voskPath());
            session = vosk.open("bench", 0);
        } else {
            model = new Model(BenchInputs.voskPath().toString());
            bare = new Recognizer(model, SECOND);
            bare.setWords(true);
            bare.setPartialWords(recognizer.equals("partial-words"));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (session != null) {
            session.close();
            vosk.close();
        } else {
            bare.close();
            model.close();
        }
    }

    /** One second of audio, ten 100-ms chunks. */
    @Benchmark
    public int oneSecond() {
        int out = 0;
        boolean partials = !recognizer.equals("final-only");
        for (int k = 0; k < SECOND / CHUNK; k++) {
            if (position + CHUNK > audio.length) {
                position = 0;
            }
            if (session != null) {
                out += session.accept(audio, position, CHUNK).size();
            } else {
                System.arraycopy(pcm, position, chunk, 0, CHUNK);
                if (bare.acceptWaveForm(chunk, CHUNK)) {
                    out += bare.getResult().length();
                } else if (partials) {
                    out += bare.getPartialResult().length();
                }
            }
            position += CHUNK;
        }
        return out;
    }
}
