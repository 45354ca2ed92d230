package emostream.bench;

import emostream.text.MiniLmEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The BERT branch per final transcript: tokenizer + MiniLM (one ORT thread) + mean pooling, for typical lengths. */
@State(Scope.Thread)
public class TextEncoderBench {

    @Param({"5", "10", "20"})
    public int words;

    /** Encoder file (text.encoder.model): blank = the original; a fine-tuned delta file runs the fine-tuned encoder. */
    @Param({""})
    public String model;

    private MiniLmEncoder encoder;
    private String sentence;

    @Setup
    public void setup() {
        encoder = model.isBlank() ? new MiniLmEncoder(1) : new MiniLmEncoder(1, java.nio.file.Path.of(model));
        String[] pool = ("why does this always happen to me when everything is finally going well and i "
                + "thought we had agreed to talk about it calmly tonight").split(" ");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append(pool[i % pool.length]);
        }
        sentence = sb.toString();
    }

    @TearDown(Level.Trial)
    public void close() {
        encoder.close();
    }

    @Benchmark
    public float[] encode(CpuTime cpu) {
        cpu.start();
        float[] result = encoder.encode(sentence);
        cpu.stop();
        return result;
    }
}
