package emostream.bench;

import emostream.features.FeatureConfig;
import emostream.features.MelStream;
import emostream.features.Spec3dExtractor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;

/**
 * spec3d (log-mel + delta + delta-delta) of one 2-s window: the clip extractor that training uses, which computes
 * all 198 frames, and the streaming {@link MelStream} that serving uses, which computes only the 50 frames of a new
 * 0.5-s hop and slices the window from cached frames.
 */
@State(Scope.Thread)
public class Spec3dBench {

    private static final int HOP = 8_000;

    private FeatureConfig fc;
    private float[] audio;
    private float[] out;
    private Spec3dExtractor extractor;
    private MelStream stream;
    private long position;
    private int offset;

    @Setup
    public void setup() throws IOException {
        fc = FeatureConfig.DEFAULT;
        audio = BenchInputs.speech(30);
        out = new float[fc.spec3dLength()];
        extractor = new Spec3dExtractor(fc);
        stream = new MelStream(fc, 0, 1.0);
        stream.push(audio, 0, fc.windowSamples());
        position = fc.windowSamples();
    }

    /** The clip extractor on a 2-s window. */
    @Benchmark
    public float[] clipWindow(CpuTime cpu) {
        cpu.start();
        offset = (offset + HOP) % (audio.length - fc.windowSamples());
        extractor.extract(audio, offset, out);
        float[] result = out;
        cpu.stop();
        return result;
    }

    /** A 0.5-s hop pushed into the stream, then the 2-s window that it completes. */
    @Benchmark
    public float[] streamingWindow(CpuTime cpu) {
        cpu.start();
        int from = (int) (position % (audio.length - HOP));
        stream.push(audio, from, HOP);
        position += HOP;
        stream.window(position - fc.windowSamples(), out);
        float[] result = out;
        cpu.stop();
        return result;
    }
}
