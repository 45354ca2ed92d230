package emostream.bench;

import emostream.asr.Transcript;
import emostream.asr.TranscriberSession;
import emostream.asr.VoskTranscriber;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vosk.Recognizer;

import java.io.IOException;
import java.util.List;

/**
 * Vosk per second of continuous speech (with pauses, so utterances end and restart), fed in 100-ms chunks as a
 * microphone delivers it. {@code session}: through the pipeline's {@link VoskTranscriber} (word times, a partial result
 * after every chunk); {@code acceptOnly}: the bare recogniser without partial results, to show what partials cost.
 */
@State(Scope.Thread)
public class VoskBench {

    private static final int CHUNK = 1_600;
    private static final int SECOND = 16_000;

    private VoskTranscriber vosk;
    private TranscriberSession session;
    private org.vosk.Model bareModel;
    private Recognizer bare;
    private float[] audio;
    private short[] pcm;
    private int position;
    private int barePosition;

    @Setup
    public void setup() throws IOException {
        vosk = VoskTranscriber.load(BenchInputs.voskPath());
        session = vosk.open("bench", 0);
        audio = BenchInputs.speech(60);
        pcm = new short[audio.length];
        for (int i = 0; i < audio.length; i++) {
            pcm[i] = (short) Math.round(Math.max(-1f, Math.min(1f, audio[i])) * 32767f);
        }
        bareModel = new org.vosk.Model(BenchInputs.voskPath().toString());
        bare = new Recognizer(bareModel, SECOND);
    }

    @TearDown(Level.Trial)
    public void close() {
        session.close();
        bare.close();
        bareModel.close();
        vosk.close();
    }

    /** One second of audio through the pipeline's Vosk session. */
    @Benchmark
    public int session() {
        int results = 0;
        for (int k = 0; k < SECOND / CHUNK; k++) {
            if (position + CHUNK > audio.length) {
                position = 0;
            }
            List<Transcript> r = session.accept(audio, position, CHUNK);
            results += r.size();
            position += CHUNK;
        }
        return results;
    }

    /** One second of audio through a bare recogniser: no word times, no partial results (finals still fetched). */
    @Benchmark
    public int acceptOnly() {
        int finals = 0;
        short[] chunk = new short[CHUNK];
        for (int k = 0; k < SECOND / CHUNK; k++) {
            if (barePosition + CHUNK > pcm.length) {
                barePosition = 0;
            }
            System.arraycopy(pcm, barePosition, chunk, 0, CHUNK);
            if (bare.acceptWaveForm(chunk, CHUNK)) {
                finals += bare.getResult().length();
            }
            barePosition += CHUNK;
        }
        return finals;
    }
}
