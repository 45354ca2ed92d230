package emostream.pipeline;

/**
 * How speech recognition is run ({@code asr.*} in config/emostream.properties).
 *
 * @param skipSilence     leave out silence once the recogniser has closed its utterance
 * @param hangoverSamples silence still fed after the last voiced audio (Vosk ends an utterance on trailing silence)
 * @param prerollSamples  skipped silence fed back before speech resumes
 * @param threads         recognition workers shared by all streams of a detector (0 = one per core)
 * @param queueSamples    audio per stream that may wait for recognition; when more arrives the oldest is skipped
 * @param lagWarnSamples  recognition this far behind a stream is reported: a warning, and a field on its events
 * @param nice            OS nice value of the workers (0-19; 0 = the process's own priority)
 * @param releaseIdleSamples a stream's recogniser is given back after this much skipped silence in a row, and
 *                        opened again when it speaks (0 = kept for the stream's life)
 */
public record AsrSettings(boolean skipSilence, int hangoverSamples, int prerollSamples, int threads, int queueSamples,
                          int lagWarnSamples, int nice, int releaseIdleSamples) {

    public static final AsrSettings DEFAULT = new AsrSettings(true, 16_000, 8_000, 0, 6 * 16_000, 2 * 16_000, 10,
            10 * 16_000);

    /** Recognisers kept as {@link #DEFAULT} does. */
    public AsrSettings(boolean skipSilence, int hangoverSamples, int prerollSamples, int threads, int queueSamples,
                       int lagWarnSamples, int nice) {
        this(skipSilence, hangoverSamples, prerollSamples, threads, queueSamples, lagWarnSamples, nice,
                DEFAULT.releaseIdleSamples);
    }

    public AsrSettings {
        if (hangoverSamples < 0 || prerollSamples < 0) {
            throw new IllegalArgumentException("hangover and pre-roll must not be negative");
        }
        if (threads < 0 || queueSamples <= 0 || lagWarnSamples <= 0 || nice < 0 || nice > 19 || releaseIdleSamples < 0) {
            throw new IllegalArgumentException("asr threads must be >= 0, queue and lag warning > 0, nice 0-19");
        }
    }

    /** Workers, queue and warning as given, at the default priority. */
    public AsrSettings(boolean skipSilence, int hangoverSamples, int prerollSamples, int threads, int queueSamples,
                       int lagWarnSamples) {
        this(skipSilence, hangoverSamples, prerollSamples, threads, queueSamples, lagWarnSamples, DEFAULT.nice);
    }

    /** Silence skipping only; the rest as {@link #DEFAULT}. */
    public AsrSettings(boolean skipSilence, int hangoverSamples, int prerollSamples) {
        this(skipSilence, hangoverSamples, prerollSamples, DEFAULT.threads, DEFAULT.queueSamples, DEFAULT.lagWarnSamples,
                DEFAULT.nice);
    }

    /** The worker count to start: {@link #threads}, or the machine's cores for 0. */
    int workerThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
