package emostream.vad;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The Silero voice-activity model (v5 or v6, MIT licence) run by ONNX Runtime: one session shared by every stream,
 * each stream holding its own recurrent {@link State}.
 * <p>
 * Its interface, read from the file (and checked at load, so a different export fails at start-up, not mid-stream):
 * {@code input} float[1, 64 + 512] (the last 64 samples of the previous frame, then a 32 ms frame at 16 kHz),
 * {@code state} float[2, 1, 128], {@code sr} int64 (16000); out come {@code output} (the frame's speech
 * probability) and {@code stateN} (the next state).
 */
public final class SileroModel implements AutoCloseable {

    /** Samples per frame at 16 kHz. */
    public static final int FRAME = 512;
    /** Samples of the previous frame the model sees again before each frame. */
    static final int CONTEXT = 64;
    private static final long[] INPUT_SHAPE = {1, CONTEXT + FRAME};
    private static final long[] STATE_SHAPE = {2, 1, 128};
    private static final int STATE_SIZE = 256;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final OnnxTensor rate;
    private final String source;

    private SileroModel(OrtSession session, String source) throws OrtException {
        this.session = session;
        this.source = source;
        this.rate = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {16_000}), new long[] {1});
    }

    /**
     * Loads the model file ({@code vad.model}).
     *
     * @throws IllegalArgumentException naming the file when it is missing, not ONNX, or not Silero's interface
     */
    public static SileroModel load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("voice-activity model file " + file + " does not exist (the build fetches it: "
                    + "mvn package; or set vad.engine=energy)");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            // a 32 ms frame is far too small to split across threads; many streams run in parallel instead
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            emostream.model.OrtMemory.lean(opts);
            OrtSession s = env.createSession(file.toString(), opts);
            try {
                check(s, file);
                return new SileroModel(s, file.toString());
            } catch (RuntimeException | OrtException e) {
                s.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("voice-activity model file " + file + " is not a valid ONNX model: "
                    + e.getMessage(), e);
        }
    }

    private static void check(OrtSession s, Path file) throws OrtException {
        Map<String, NodeInfo> in = s.getInputInfo();
        Set<String> out = s.getOutputNames();
        boolean ok = in.keySet().equals(Set.of("input", "state", "sr")) && out.containsAll(Set.of("output", "stateN"))
                && in.get("state").getInfo() instanceof TensorInfo t && stateShape(t.getShape());
        if (!ok) {
            throw new IllegalArgumentException("voice-activity model file " + file + " is not Silero VAD v5/v6 (inputs "
                    + in.keySet() + ", outputs " + out + "; expected input, state[2,1,128], sr -> output, stateN)");
        }
    }

    /** [2, batch, 128], the batch dimension possibly left open by the export. */
    private static boolean stateShape(long[] shape) {
        return shape.length == 3 && shape[0] == STATE_SHAPE[0] && (shape[1] == 1 || shape[1] < 0) && shape[2] == STATE_SHAPE[2];
    }

    /** A stream's recurrent state, from silence. */
    public State newState() {
        return new State();
    }

    /**
     * The speech probability of the next 512-sample frame of the stream whose state this is; advances the state.
     * Safe to call from many threads for different states.
     */
    public float probability(State state, float[] frame, int offset) {
        System.arraycopy(frame, offset, state.input, CONTEXT, FRAME);
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(state.input), INPUT_SHAPE);
             OnnxTensor h = OnnxTensor.createTensor(env, FloatBuffer.wrap(state.state), STATE_SHAPE);
             OrtSession.Result r = session.run(Map.of("input", input, "state", h, "sr", rate))) {
            float p = ((float[][]) r.get("output").orElseThrow().getValue())[0][0];
            FloatBuffer next = ((OnnxTensor) r.get("stateN").orElseThrow()).getFloatBuffer();
            next.get(state.state, 0, STATE_SIZE);
            System.arraycopy(state.input, FRAME, state.input, 0, CONTEXT);
            return p;
        } catch (OrtException e) {
            throw new IllegalStateException("voice-activity model " + source + " failed: " + e.getMessage(), e);
        }
    }

    /** The file it was loaded from. */
    public String source() {
        return source;
    }

    @Override
    public void close() {
        rate.close();
        try {
            session.close();
        } catch (OrtException e) {
            // closing at shutdown: nothing left to protect
        }
    }

    /** One stream's recurrent state and the context carried from its previous frame. */
    public static final class State {
        private final float[] input = new float[CONTEXT + FRAME];
        private final float[] state = new float[STATE_SIZE];

        private State() {
        }

        /**
         * A frame the model was spared (digital silence): the next frame's context is still this one's tail,
         * the recurrent state simply waits.
         */
        void skip(float[] frame, int offset) {
            System.arraycopy(frame, offset + FRAME - CONTEXT, input, 0, CONTEXT);
        }
    }
}
