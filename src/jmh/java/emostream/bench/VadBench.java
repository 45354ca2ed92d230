package emostream.bench;

import emostream.vad.SileroModel;
import emostream.vad.SpeechGate;
import emostream.vad.SpeechGates;
import emostream.vad.VadSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The voice-activity detector's share of the audio path, on one core: 0.5 s of new audio pushed into a stream's
 * gate and the 2-s window it completes judged. Silero beside the energy gate, on speech and on a quiet room
 * (digital silence never reaches the model). Target: 4 ms per 0.5 s for Silero.
 */
@State(Scope.Thread)
public class VadBench {

    private static final int HOP = 8_000;
    private static final int WINDOW = 32_000;

    @Param({"silero", "energy"})
    public String engine;

    @Param({"speech", "silence"})
    public String signal;

    private SileroModel model;
    private SpeechGate gate;
    private float[] audio;
    private long position;

    @Setup
    public void setup() throws IOException {
        audio = signal.equals("speech") ? BenchInputs.speech(30) : new float[30 * 16_000];
        VadSettings s = VadSettings.DEFAULT.withEngine(VadSettings.Engine.valueOf(engine.toUpperCase(java.util.Locale.ROOT)));
        model = s.engine() == VadSettings.Engine.SILERO
                ? SileroModel.load(Path.of(System.getProperty("emostream.home", ".")).resolve("target/vad/silero_vad_v5.onnx"))
                : null;
        gate = SpeechGates.open(s, model, 0, WINDOW);
        gate.push(audio, 0, WINDOW);
        position = WINDOW;
    }

    @TearDown(Level.Trial)
    public void close() {
        if (model != null) {
            model.close();
        }
    }

    @Benchmark
    public SpeechGate.Verdict halfSecond(CpuTime cpu) {
        cpu.start();
        int from = (int) (position % (audio.length - HOP));
        gate.push(audio, from, HOP);
        position += HOP;
        SpeechGate.Verdict v = gate.judge(position - WINDOW, position);
        cpu.stop();
        return v;
    }
}
