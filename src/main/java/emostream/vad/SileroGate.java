package emostream.vad;

/**
 * The neural voice-activity gate ({@code vad.engine=silero}): Silero's speech probability per 32 ms frame →
 * {@link Hysteresis} → the fraction of a span that is speech → the window rule ({@code vad.min.voiced}). Unlike the
 * energy gate it tells speech from noise by its shape, not its level, so speech in a noisy room stays speech.
 * <p>
 * Frames lie on the stream's own grid from its start. A frame quieter than {@link #SILENT_DB} (digital silence, a
 * muted microphone) is not worth a model call: it counts as probability 0.
 */
public final class SileroGate implements SpeechGate {

    /** Below this RMS level (dBFS) a frame is silence without asking the model (a quiet room is about -60). */
    static final double SILENT_DB = -75;
    private static final double SILENT_POWER = Math.pow(10, SILENT_DB / 10);
    private static final int FRAME = SileroModel.FRAME;
    private static final int MIN_FLOOR_FRAMES = 16_000 / FRAME; // a second

    private final VadSettings settings;
    private final SileroModel model;
    private final SileroModel.State state;
    private final Hysteresis hysteresis;
    private final long start;
    private final float[] frame = new float[FRAME];
    private int filled;
    private long modelFrames;   // frames the model was asked about (the rest were silent)
    private final double[] levels;   // recent frame levels (dB), a ring, for the noise floor (contrast rule)
    private final double[] sorted;
    private long frames;
    private double level = Double.NEGATIVE_INFINITY; // the last frame's level (dB)

    /**
     * @param start         absolute sample of the first pushed sample
     * @param windowSamples the longest span asked about
     */
    public SileroGate(VadSettings settings, SileroModel model, long start, int windowSamples) {
        this.settings = settings;
        this.model = model;
        this.state = model.newState();
        this.start = start;
        // the longest span asked about, plus a hop's slack and the onset's backward padding
        this.hysteresis = new Hysteresis(settings.neural(), FRAME * 1000.0 / 16_000, 2 * windowSamples / FRAME + 16);
        int floorFrames = settings.neural().contrastDb() > 0
                ? Math.max(1, (int) Math.round(settings.energy().floorSeconds() * 16_000 / FRAME)) : 0;
        this.levels = new double[floorFrames];
        this.sorted = new double[floorFrames];
    }

    @Override
    public void push(float[] pcm, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, FRAME - filled);
            System.arraycopy(pcm, offset, frame, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == FRAME) {
                double p = probability();
                double above = levels.length == 0 ? Double.POSITIVE_INFINITY : level - floor();
                // speech no louder than the background is not the talker in front: it neither starts nor holds
                hysteresis.add(above >= settings.neural().holdDb() ? p : 0, above >= settings.neural().contrastDb());
                filled = 0;
            }
        }
    }

    private double probability() {
        double power = 0;
        for (float v : frame) {
            power += v * v;
        }
        if (power / FRAME < SILENT_POWER) {
            state.skip(frame, 0);
            level = Double.NEGATIVE_INFINITY;
            return 0;
        }
        modelFrames++;
        if (levels.length > 0) {
            level = 10 * Math.log10(power / FRAME);
            levels[(int) (frames++ % levels.length)] = level;
        }
        return model.probability(state, frame, 0);
    }



    /**
     * A low percentile of the recent (non-silent) frame levels; minus infinity (no contrast rule) until a second of
     * them is known, so a stream that starts mid-sentence is not judged against its own speech.
     */
    private double floor() {
        int n = (int) Math.min(frames, levels.length);
        if (n < Math.min(levels.length, MIN_FLOOR_FRAMES)) {
            return Double.NEGATIVE_INFINITY;
        }
        System.arraycopy(levels, 0, sorted, 0, n);
        java.util.Arrays.sort(sorted, 0, n);
        return sorted[(int) Math.floor(settings.energy().floorPercentile() / 100.0 * (n - 1))];
    }

    @Override
    public Verdict judge(long from, long to) {
        if (to <= from) {
            return new Verdict(!settings.enabled(), 0);
        }
        long decided = start + hysteresis.frames() * FRAME;   // samples before this have a decision
        long speech = 0;
        long a = Math.max(from, start);
        // decided frames: each overlapping frame's share of the span
        for (long f = Math.floorDiv(a - start, FRAME); a < Math.min(to, decided); f++) {
            long frameEnd = start + (f + 1) * FRAME;
            long b = Math.min(to, frameEnd);
            if (hysteresis.speech(f)) {
                speech += b - a;
            }
            a = b;
        }
        // the newest few milliseconds, not a whole frame yet: what the detector hears now
        if (to > decided && hysteresis.speaking()) {
            speech += to - Math.max(decided, from);
        }
        double fraction = (double) speech / (to - from);
        return new Verdict(!settings.enabled() || fraction >= settings.minVoiced(), fraction);
    }

    /** Frames the model ran on (the others were digital silence), for the cost report. */
    long modelFrames() {
        return modelFrames;
    }
}
