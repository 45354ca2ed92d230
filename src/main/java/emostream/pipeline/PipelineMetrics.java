package emostream.pipeline;

import emostream.metrics.Metrics;

/** What the detector counts, registered once per {@link Metrics} registry (shown on /metrics). */
final class PipelineMetrics {

    final Metrics.Counter audioSamples;
    final Metrics.Counter windows;
    final Metrics.Counter silentWindows;
    final Metrics.Counter textWindows;
    final Metrics.Counter transcripts;
    final Metrics.Counter streamsOpened;
    final Metrics.Counter asrSkippedSamples;
    final Metrics.Counter revisions;
    final Metrics.Counter asrShedSamples;
    final Metrics.Counter asrLagWarnings;
    final Metrics.Counter partialEncodings;
    final Metrics.Counter partialRevisions;
    final Metrics.Histogram modelSeconds;
    final Metrics.Histogram encodeSeconds;
    final Metrics.Histogram revisionSeconds;
    final Metrics.Histogram asrQueueSeconds;

    PipelineMetrics(Metrics m) {
        audioSamples = m.counter("emostream_audio_samples_total", "16 kHz samples received by the detector");
        windows = m.counter("emostream_windows_total", "emotion windows published (speech and silence; revisions not counted)");
        revisions = m.counter("emostream_revisions_total",
                "emotion records that revised an already published window with its transcript (same id, next revision)");
        asrShedSamples = m.counter("emostream_asr_shed_samples_total",
                "16 kHz samples speech recognition left out because it could not keep up (asr.queue.seconds)");
        asrLagWarnings = m.counter("emostream_asr_lag_warnings_total",
                "times a stream's speech recognition fell asr.lag.warn.seconds behind");
        partialEncodings = m.counter("emostream_partial_encodings_total",
                "partial (not yet final) transcripts encoded to revise windows before the utterance ends");
        partialRevisions = m.counter("emostream_partial_revisions_total",
                "emotion records that revised a window from the open utterance's partial words (counted in revisions too)");
        silentWindows = m.counter("emostream_silent_windows_total", "windows the voice-activity gate found silent");
        textWindows = m.counter("emostream_text_windows_total", "emotion records whose label used the transcript (audio+text)");
        transcripts = m.counter("emostream_transcripts_total", "final transcripts published");
        asrSkippedSamples = m.counter("emostream_asr_skipped_samples_total",
                "16 kHz samples of silence left out of speech recognition (asr.skip.silence)");
        streamsOpened = m.counter("emostream_streams_opened_total", "streams opened by the detector");
        modelSeconds = m.histogram("emostream_model_seconds", "time of one model call (a batch of windows)",
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1);
        encodeSeconds = m.histogram("emostream_text_encode_seconds", "time to encode one final transcript",
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1);
        asrQueueSeconds = m.histogram("emostream_asr_queue_wait_seconds",
                "from a stream's recognition turn being queued to a worker starting it (what the pool adds)",
                0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5);
        revisionSeconds = m.histogram("emostream_revision_delay_seconds",
                "from a window's first record to its revision with the transcript", 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30);
    }
}
