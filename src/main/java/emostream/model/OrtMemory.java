package emostream.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * How the serving sessions (the emotion model, the text encoder, the voice-activity model) hold memory. Their inputs
 * change shape from call to call (batches of windows, transcripts of any length) and up to one call per live stream
 * runs at once, so ONNX Runtime's arena (which keeps the largest set of buffers it ever needed, growing in doubling
 * steps) and its memory patterns (buffers planned and kept per input shape) keep memory that is rarely used again.
 * Without them every run takes its buffers from malloc and gives them back (issue 20: 16 live streams, three
 * pairs of runs, 27-204 MB less peak RSS; provisional label latency unchanged, docs/BENCHMARKS.md).
 */
public final class OrtMemory {

    private OrtMemory() {
    }

    /** The options, with the arena and memory patterns off. */
    public static OrtSession.SessionOptions lean(OrtSession.SessionOptions opts) throws OrtException {
        opts.setMemoryPatternOptimization(false);
        opts.setCPUArenaAllocator(false);
        return opts;
    }
}
