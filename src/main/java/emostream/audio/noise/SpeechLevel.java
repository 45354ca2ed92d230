package emostream.audio.noise;

import java.util.Arrays;

/**
 * The active speech level, what an SNR is measured against (in the spirit of ITU-T P.56): the mean power of the
 * 10 ms frames that carry speech, not of the whole recording, so pauses between sentences do not make a recording
 * look quieter than its talker. A frame is active when it is within 30 dB of the loud frames (the 95th percentile
 * level): that spans speech's own dynamic range and leaves out the studio silence around it.
 */
public final class SpeechLevel {

    private static final int FRAME = 160;
    private static final double RANGE_DB = 30;

    private SpeechLevel() {
    }

    /** The active speech level of {@code pcm} in dB (re full scale 1.0); -inf dB for silence. */
    public static double activeDb(float[] pcm) {
        int frames = pcm.length / FRAME;
        if (frames == 0) {
            return 10 * Math.log10(power(pcm, 0, pcm.length));
        }
        double[] level = new double[frames];
        for (int f = 0; f < frames; f++) {
            level[f] = 10 * Math.log10(Math.max(power(pcm, f * FRAME, FRAME), 1e-20));
        }
        double[] sorted = level.clone();
        Arrays.sort(sorted);
        double threshold = sorted[(int) Math.floor(0.95 * (frames - 1))] - RANGE_DB;
        double sum = 0;
        int n = 0;
        for (int f = 0; f < frames; f++) {
            if (level[f] >= threshold) {
                sum += power(pcm, f * FRAME, FRAME);
                n++;
            }
        }
        return 10 * Math.log10(sum / n);
    }

    /** Mean power of {@code pcm[offset, offset + length)}. */
    public static double power(float[] pcm, int offset, int length) {
        double s = 0;
        for (int i = offset; i < offset + length; i++) {
            s += (double) pcm[i] * pcm[i];
        }
        return length == 0 ? 0 : s / length;
    }
}
