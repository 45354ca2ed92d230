package emostream.bench;

import emostream.features.AcousticStream;
import emostream.features.FeatureConfig;
import emostream.features.MelStream;
import emostream.features.SpeakerStats;
import emostream.model.ModelInput;
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
 * The audio path of one live window on one core, as the detector's {@code StreamSession} runs it: 0.5 s of new
 * audio into the streaming log-mel and the streaming acoustic descriptors, the 2-s window they complete (spec3d and
 * the functionals vector), the stream's running speaker statistics, then the model (batch 1). Target: 5 ms.
 */
@State(Scope.Thread)
public class AudioPathBench {

    private static final int HOP = 8_000;

    private OnnxEmotionModel model;
    private FeatureConfig fc;
    private float[] audio;
    private MelStream stream;
    private AcousticStream acoustic;
    private SpeakerStats speaker;
    private long position;

    @Setup
    public void setup() throws IOException {
        model = BenchInputs.model();
        fc = model.info().features();
        audio = BenchInputs.speech(30);
        stream = model.info().usesSpec3d() ? new MelStream(fc, 0, 1.0) : null;
        acoustic = fc.acoustic().isEmpty() ? null : AcousticStream.create(fc, 0, 1.0);
        speaker = model.info().speakerNorm() == null ? null : model.info().speakerNorm().newStats();
        push(0, fc.windowSamples());
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
        push(from, HOP);
        position += HOP;
        long start = position - fc.windowSamples();
        float[] spec = stream == null ? new float[0] : stream.window(start);
        float[] ac = acoustic == null ? new float[0] : acoustic.window(start);
        if (speaker != null) {
            speaker.add(spec, ac);
            spec = speaker.normaliseSpec(spec);
            ac = speaker.normaliseAcoustic(ac);
        }
        Prediction result = model.predict(new ModelInput(spec, ac, null));
        cpu.stop();
        return result;
    }

    private void push(int from, int n) {
        if (stream != null) {
            stream.push(audio, from, n);
        }
        if (acoustic != null) {
            acoustic.push(audio, from, n);
        }
    }
}
