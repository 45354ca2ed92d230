package emostream.pipeline;

import emostream.audio.AudioSource;
import emostream.config.Config;
import emostream.config.ConfigException;
import emostream.vad.SpeechGate;
import emostream.vad.VadSettings;

/**
 * Everything the detector reads from config: windows, the voice-activity gate, smoothing, transcripts.
 *
 * @param windowSamples  model window (must equal the model's {@code feature.window_samples})
 * @param hopSamples     distance between window starts; divides the window; window {@code seq} = start / hop
 * @param textWaitSamples without revisions: how long a speech window may wait for the Vosk final result that covers
 *                       it, so its text goes into the model (0 = never wait: text only for later windows)
 * @param partials       publish partial transcripts as well as final ones
 * @param asr            how speech recognition runs: silence skipping, workers, queue, lag warning
 * @param maxStreams     open streams allowed at once (each holds a recogniser and a few windows of audio)
 * @param revisions      publish every window at once from the audio and revise it when its transcript arrives
 *                       (true), or publish it once, after waiting up to {@code textWaitSamples} for the transcript
 * @param revisionMaxSamples with revisions: how long after its window a revision may still come; a window not
 *                       settled by then is closed audio-only
 * @param text           which words go into a window's text, and whether partial results revise windows
 */
public record PipelineSettings(int windowSamples, int hopSamples, VadSettings vad, SmoothingSettings smoothing,
                               int textWaitSamples, boolean partials, AsrSettings asr, int maxStreams,
                               boolean revisions, int revisionMaxSamples, WindowTextSettings text) {

    public static final PipelineSettings DEFAULT = new PipelineSettings(32_000, 8_000, VadSettings.ENERGY,
            SmoothingSettings.DEFAULT, 32_000, false, AsrSettings.DEFAULT, 1_000, true, 10 * 16_000,
            WindowTextSettings.DEFAULT);

    /** With the default window text. */
    public PipelineSettings(int windowSamples, int hopSamples, VadSettings vad, SmoothingSettings smoothing,
                            int textWaitSamples, boolean partials, AsrSettings asr, int maxStreams,
                            boolean revisions, int revisionMaxSamples) {
        this(windowSamples, hopSamples, vad, smoothing, textWaitSamples, partials, asr, maxStreams, revisions,
                revisionMaxSamples, WindowTextSettings.DEFAULT);
    }

    /** One record per window (no revisions), as before revisions existed. */
    public PipelineSettings(int windowSamples, int hopSamples, VadSettings vad, SmoothingSettings smoothing,
                            int textWaitSamples, boolean partials, AsrSettings asr, int maxStreams) {
        this(windowSamples, hopSamples, vad, smoothing, textWaitSamples, partials, asr, maxStreams, false,
                DEFAULT.revisionMaxSamples);
    }

    /** These settings with revisions on or off. */
    public PipelineSettings withRevisions(boolean on) {
        return new PipelineSettings(windowSamples, hopSamples, vad, smoothing, textWaitSamples, partials, asr, maxStreams,
                on, revisionMaxSamples, text);
    }

    /** These settings with another voice-activity detector. */
    public PipelineSettings withVad(VadSettings v) {
        return new PipelineSettings(windowSamples, hopSamples, v, smoothing, textWaitSamples, partials, asr, maxStreams,
                revisions, revisionMaxSamples, text);
    }

    /** These settings with other speech-recognition settings. */
    public PipelineSettings withAsr(AsrSettings a) {
        return new PipelineSettings(windowSamples, hopSamples, vad, smoothing, textWaitSamples, partials, a, maxStreams,
                revisions, revisionMaxSamples, text);
    }

    /** These settings with another choice of window text. */
    public PipelineSettings withText(WindowTextSettings t) {
        return new PipelineSettings(windowSamples, hopSamples, vad, smoothing, textWaitSamples, partials, asr, maxStreams,
                revisions, revisionMaxSamples, t);
    }

    public PipelineSettings {
        if (hopSamples <= 0 || windowSamples % hopSamples != 0) {
            throw new IllegalArgumentException("the window hop (" + hopSamples + " samples) must divide the window ("
                    + windowSamples + " samples)");
        }
        if (hopSamples % SpeechGate.GRID != 0) {
            throw new IllegalArgumentException("the window hop must be a multiple of 10 ms");
        }
        if (revisionMaxSamples <= 0) {
            throw new IllegalArgumentException("the revision limit must be positive");
        }
    }

    public static PipelineSettings from(Config c) {
        int rate = AudioSource.SAMPLE_RATE;
        double window = c.doubleValue("window.seconds", 0.1, 60);
        double hop = c.doubleValue("window.hop.seconds", 0.01, window);
        int windowSamples = (int) Math.round(window * rate);
        int hopSamples = (int) Math.round(hop * rate);
        if (windowSamples % hopSamples != 0) {
            throw new ConfigException("window.hop.seconds", hop + " does not divide window.seconds " + window);
        }
        if (hopSamples % SpeechGate.GRID != 0) {
            throw new ConfigException("window.hop.seconds", hop + " is not a multiple of 0.01 s");
        }
        VadSettings vad = vad(c);
        SmoothingSettings smoothing = new SmoothingSettings(c.choice("smoothing.method", "exponential", "majority", "none"),
                c.doubleValue("smoothing.alpha", 0.01, 1), c.intValue("smoothing.windows", 1, 1_000));
        int wait = (int) Math.round(c.doubleValue("pipeline.text.wait.seconds", 0, 60) * rate);
        AsrSettings asr = new AsrSettings(c.bool("asr.skip.silence"),
                (int) Math.round(c.doubleValue("asr.skip.silence.hangover.seconds", 0, 60) * rate),
                (int) Math.round(c.doubleValue("asr.skip.silence.preroll.seconds", 0, 10) * rate),
                c.intValue("asr.threads", 0, 256),
                (int) Math.round(c.doubleValue("asr.queue.seconds", 1, 600) * rate),
                (int) Math.round(c.doubleValue("asr.lag.warn.seconds", 0.1, 600) * rate),
                c.intValue("asr.nice", 0, 19),
                (int) Math.round(c.doubleValue("asr.release.idle.seconds", 0, 3600) * rate));
        return new PipelineSettings(windowSamples, hopSamples, vad, smoothing, wait, c.bool("asr.partials"), asr,
                c.intValue("pipeline.max.streams", 1, 1_000_000), c.bool("pipeline.revisions"),
                (int) Math.round(c.doubleValue("pipeline.revision.max.seconds", 0.5, 3600) * rate),
                new WindowTextSettings(c.bool("pipeline.partial.revisions"),
                        (int) Math.round(c.doubleValue("pipeline.partial.interval.seconds", 0, 60) * rate),
                        c.bool("text.window.aligned"),
                        (int) Math.round(c.doubleValue("text.window.context.seconds", 0, 60) * rate)));
    }

    /** The {@code vad.*} keys. */
    static VadSettings vad(Config c) {
        VadSettings.Engine engine = VadSettings.Engine.valueOf(
                c.choice("vad.engine", "silero", "energy").toUpperCase(java.util.Locale.ROOT));
        VadSettings.Energy energy = new VadSettings.Energy(c.doubleValue("vad.min.db", -120, 0),
                c.doubleValue("vad.margin.db", 0, 60), c.doubleValue("vad.floor.seconds", 0.1, 600),
                c.doubleValue("vad.floor.percentile", 0, 100));
        double onset = c.doubleValue("vad.silero.onset", 0.01, 0.99);
        double offset = c.doubleValue("vad.silero.offset", 0.01, 0.99);
        if (offset > onset) {
            throw new ConfigException("vad.silero.offset", offset + " is above vad.silero.onset " + onset);
        }
        if (c.doubleValue("vad.silero.hold.db", 0, 40) > c.doubleValue("vad.silero.contrast.db", 0, 40)) {
            throw new ConfigException("vad.silero.hold.db", "is above vad.silero.contrast.db");
        }
        VadSettings.Neural neural = new VadSettings.Neural(onset, offset,
                (int) Math.round(c.doubleValue("vad.silero.onset.seconds", 0, 2) * 1000),
                (int) Math.round(c.doubleValue("vad.silero.hangover.seconds", 0, 10) * 1000),
                (int) Math.round(c.doubleValue("vad.silero.pad.seconds", 0, 2) * 1000),
                c.doubleValue("vad.silero.contrast.db", 0, 40), c.doubleValue("vad.silero.hold.db", 0, 40));
        return new VadSettings(c.bool("vad.enabled"), engine, c.doubleValue("vad.min.voiced", 0, 1), energy, neural);
    }
}
