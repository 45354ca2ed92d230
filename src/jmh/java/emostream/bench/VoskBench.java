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
 * Vosk on 20 s of continuous speech with pauses (several utterances, so every call covers speech and silence
 * alike), fed in 100-ms chunks as a microphone delivers it; divide by {@code seconds} for the cost per second of
 * audio. {@code pipeline} is the detector's own {@link VoskTranscriber} session; the bare recogniser variants take it
 * apart: {@code final-only} (word times on final results, no partial results), {@code partial} (+ a partial result
 * after every chunk), {@code partial-words} (+ word times in partials), {@code partial-words-500ms} (partials with
 * word times every fifth chunk only).
 */
@State(Scope.Thread)
public class VoskBench {

    private static final int CHUNK = 1_600;

    @Param({"20"})
    public int seconds;

    @Param({"pipeline", "final-only", "partial", "partial-words", "partial-words-500ms"})
    public String recognizer;

    private VoskTranscriber vosk;
    private Model model;
    private float[] audio;
    private short[] pcm;
    private final short[] chunk = new short[CHUNK];

    @Setup
    public void setup() throws IOException {
        audio = BenchInputs.speech(seconds);
        pcm = new short[audio.length];
        for (int i = 0; i < audio.length; i++) {
            pcm[i] = (short) Math.round(Math.max(-1f, Math.min(1f, audio[i])) * 32767f);
        }
        if (recognizer.equals("pipeline")) {
            vosk = VoskTranscriber.load(BenchInputs.voskPath());
        } else {
            model = new Model(BenchInputs.voskPath().toString());
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (vosk != null) {
            vosk.close();
        } else {
            model.close();
        }
    }

    /** The whole clip through a new recogniser (creating one is part of a stream's cost, and small). */
    @Benchmark
    public int clip(CpuTime cpu) throws IOException {
        cpu.start();
        int out = 0;
        if (vosk != null) {
            try (TranscriberSession s = vosk.open("bench", 0)) {
                for (int off = 0; off + CHUNK <= audio.length; off += CHUNK) {
                    out += s.accept(audio, off, CHUNK).size();
                }
                out += s.finish().size();
            }
        } else {
            try (Recognizer r = new Recognizer(model, 16_000)) {
                r.setWords(true);
                r.setPartialWords(recognizer.startsWith("partial-words"));
                int every = recognizer.equals("final-only") ? 0 : recognizer.endsWith("500ms") ? 5 : 1;
                int k = 0;
                for (int off = 0; off + CHUNK <= pcm.length; off += CHUNK, k++) {
                    System.arraycopy(pcm, off, chunk, 0, CHUNK);
                    if (r.acceptWaveForm(chunk, CHUNK)) {
                        out += r.getResult().length();
                    } else if (every > 0 && k % every == 0) {
                        out += r.getPartialResult().length();
                    }
                }
                out += r.getFinalResult().length();
            }
        }
        int result = out;
        cpu.stop();
        return result;
    }
}
