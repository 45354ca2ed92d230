package emostream.bench;

import emostream.features.FeatureConfig;
import emostream.features.MelStream;
import emostream.model.OnnxEmotionModel;
import emostream.model.Prediction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;

/**
 * The audio path of one live window on one core, as the detector runs it: 0.5 s of new audio into the streaming
 * log-mel, the 2-s spec3d window it completes, the CNN on that window (batch 1). The target is 5 ms.
 */
@State(Scope.Thread)
public class AudioPathBench {

    private static final int HOP = 8_000;

    private OnnxEmotionModel model;
    private FeatureConfig fc;
    private float[] audio;
    private MelStream stream;
    private long position;

    @Setup
    public void setup() throws IOException {
        model = BenchInputs.model();
        fc = model.info().features();
        audio = BenchInputs.speech(30);
        stream = new MelStream(fc, 0, 1.0);
        stream.push(audio, 0, fc.windowSamples());
        position = fc.windowSamples();
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }

    @Benchmark
    public Prediction streamingWindow(CpuTime cpu) {
        cpu.start();
        int from = (int) (position % (audio.length - HOP));
        stream.push(audio, from, HOP);
        position += HOP;
        float[] spec = stream.window(position - fc.windowSamples());
        Prediction result = model.predict(BenchInputs.input(spec, model.acousticDim(), null));
        cpu.stop();
        return result;
    }
}
