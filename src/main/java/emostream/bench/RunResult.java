package emostream.bench;

import java.util.Map;

/**
 * What one benchmark run (one process: a mode, a stream count, paced or not) measured. Written by {@link LoadRun}
 * as one JSON line and read back by {@link BenchCommand}.
 *
 * @param audioSeconds      audio per stream
 * @param wallSeconds       from the first sample fed to the last event published
 * @param cpuCores          process CPU time / wall time over the run (2.0 = both cores of a 2-core machine busy)
 * @param otherCpuCores     CPU the rest of the machine used meanwhile (other processes: noise on the numbers)
 * @param throughput        audio seconds processed per wall second, all streams together
 * @param cpuPerAudioSecond CPU seconds spent per second of audio (its inverse x cores = streams the machine carries)
 * @param readyMs           process start until everything was loaded
 * @param firstEventMs      process start until the first event (a paced run includes the first window's 2 s of audio)
 * @param maxLagMs          paced: worst lateness of a chunk's delivery against its real-time schedule
 * @param endLagMs          paced: lateness of the last chunk (grows with the run when the machine cannot keep up)
 * @param latency           paced: per kind of event (audio, fused, silence, transcript), ms after its audio ended
 * @param events            events published per kind
 * @param modelCalls        ONNX calls of the emotion model and their mean duration
 * @param allocatedMbPerAudioSecond  heap allocated by the stream threads per second of audio
 * @param worstStreamProvisionalP95Ms paced: the p95 latency of provisional records of the stream where it was worst
 * @param asrLagMaxSeconds   how far behind its audio the speech recognition of any stream ever was (sampled)
 * @param asrLagMeanSeconds  the mean of those samples over all streams
 * @param asrShedFraction    share of the audio that recognition skipped to keep up (live streams under overload)
 * @param asrWorkers         recognition worker threads
 */
record RunResult(
        String mode,
        int streams,
        boolean paced,
        double audioSeconds,
        double wallSeconds,
        double cpuSeconds,
        double cpuCores,
        double otherCpuCores,
        double loadAverage,
        double peakRssMb,
        double throughput,
        double cpuPerAudioSecond,
        double readyMs,
        double firstEventMs,
        double maxLagMs,
        double endLagMs,
        Map<String, Latencies.Summary> latency,
        Map<String, Long> events,
        long modelCalls,
        double modelCallMs,
        long textEncodes,
        double textEncodeMs,
        double allocatedMbPerAudioSecond,
        long gcCount,
        double gcMs,
        double worstStreamProvisionalP95Ms,
        double asrLagMaxSeconds,
        double asrLagMeanSeconds,
        double asrShedFraction,
        int asrWorkers) {

    /** Real-time factor of one stream: wall time / audio time (below 1 = faster than real time). */
    double rtf() {
        return wallSeconds / audioSeconds;
    }

    /** Whether a paced run kept up with real time: its delivery never fell behind by more than a window hop. */
    boolean keptUp() {
        return paced && endLagMs < 500;
    }

    Latencies.Summary latency(String kind) {
        return latency == null ? null : latency.get(kind);
    }
}
