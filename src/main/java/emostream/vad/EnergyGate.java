package emostream.vad;

import java.util.Arrays;

/**
 * The energy voice-activity gate ({@code vad.engine=energy}), the fallback to {@link SileroGate}: it needs no model,
 * and it holds in a quiet room, but noise lifts its floor until quiet speech falls under the margin.
 * <p>
 * Each 10 ms frame's RMS level (dBFS) is kept; a frame is voiced
 * when it is above an absolute minimum AND a margin above the stream's noise floor, the floor being a low
 * percentile of the recent frame levels (so it follows a fan or a noisy room instead of a fixed threshold).
 * A window is speech when enough of its frames are voiced. Silent windows skip the model and publish
 * {@code silence} instead of a guess.
 */
public final class EnergyGate implements SpeechGate {

    private static final int FRAME = GRID; // 10 ms at 16 kHz
    private static final double MIN_LEVEL_DB = -100;

    private final VadSettings settings;
    private final double[] levels;   // ring of frame levels, by absolute frame index
    private final int floorFrames;
    private final long firstFrame;
    private long frames;             // absolute index of the next frame
    private double partialSum;
    private int partialCount;
    private final double[] scratch;

    /**
     * @param start        absolute sample of the first pushed sample; a multiple of {@link #FRAME}
     * @param windowFrames frames in the longest span asked about
     */
    public EnergyGate(VadSettings settings, long start, int windowFrames) {
        this.settings = settings;
        this.floorFrames = Math.max(1, (int) Math.round(settings.energy().floorSeconds() * 100));
        this.levels = new double[Math.max(floorFrames, windowFrames) + windowFrames];
        this.scratch = new double[floorFrames];
        this.firstFrame = start / FRAME;
        this.frames = firstFrame;
    }

    @Override
    public void push(float[] pcm, int offset, int length) {
        for (int i = 0; i < length; i++) {
            double v = pcm[offset + i];
            partialSum += v * v;
            if (++partialCount == FRAME) {
                double rms = Math.sqrt(partialSum / FRAME);
                levels[(int) (frames % levels.length)] = Math.max(MIN_LEVEL_DB, 20 * Math.log10(Math.max(rms, 1e-10)));
                frames++;
                partialSum = 0;
                partialCount = 0;
            }
        }
    }

    @Override
    public Verdict judge(long start, long end) {
        long f0 = Math.max(start / FRAME, Math.max(firstFrame, frames - levels.length));
        long f1 = Math.min(end / FRAME, frames);
        if (f1 <= f0) {
            return new Verdict(false, 0);
        }
        double floor = floor(f1);
        double threshold = Math.max(settings.energy().minDb(), floor + settings.energy().marginDb());
        int voiced = 0;
        for (long f = f0; f < f1; f++) {
            if (levels[(int) (f % levels.length)] >= threshold) {
                voiced++;
            }
        }
        double fraction = (double) voiced / (f1 - f0);
        return new Verdict(!settings.enabled() || fraction >= settings.minVoiced(), fraction);
    }

    /** The noise floor: a low percentile of the frame levels in the floor span ending at frame {@code f1}. */
    private double floor(long f1) {
        long from = Math.max(Math.max(firstFrame, frames - levels.length), f1 - floorFrames);
        int n = (int) (f1 - from);
        for (int i = 0; i < n; i++) {
            scratch[i] = levels[(int) ((from + i) % levels.length)];
        }
        Arrays.sort(scratch, 0, n);
        return scratch[(int) Math.floor(settings.energy().floorPercentile() / 100.0 * (n - 1))];
    }
}
