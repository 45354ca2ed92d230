package emostream.features;

import java.util.List;

/**
 * Jitter (local: mean absolute difference of consecutive glottal periods over the mean period), shimmer (local,
 * dB: mean absolute dB ratio of consecutive period peak amplitudes) and harmonics-to-noise ratio (dB, from the
 * normalised autocorrelation at the pitch period) of a voiced frame; NaN when unvoiced. Periods are found by peak
 * picking on a low-passed copy of the 40 ms span, one peak per expected period (±20 %), so frames need three
 * periods (F0 ≥ 75 Hz) for jitter and shimmer. Not thread-safe.
 */
final class VoiceQuality implements LowLevelDescriptor {

    private static final int SETTLE = 48; // samples the low-pass needs before its output is used
    private static final int MAX_PEAKS = 64;
    private final double[] lp = new double[FrameAnalysis.SPAN];
    private final double[] peakPos = new double[MAX_PEAKS];
    private final double[] peakAmp = new double[MAX_PEAKS];
    // 2nd-order Butterworth low-pass at 1 kHz (fs 16 kHz): keeps the glottal pulses, drops formant ripple
    private static final double[] B;
    private static final double[] A;

    static {
        double w = Math.tan(Math.PI * 1000.0 / FrameAnalysis.SAMPLE_RATE);
        double q = Math.sqrt(2);
        double n = 1 / (1 + q * w + w * w);
        B = new double[] {w * w * n, 2 * w * w * n, w * w * n};
        A = new double[] {1, 2 * (w * w - 1) * n, (1 - q * w + w * w) * n};
    }

    @Override
    public List<String> names() {
        return List.of("jitter", "shimmer_db", "hnr_db");
    }

    @Override
    public void compute(FrameAnalysis frame, float[] out, int offset) {
        out[offset] = Float.NaN;
        out[offset + 1] = Float.NaN;
        out[offset + 2] = Float.NaN;
        double f0 = frame.f0();
        if (Double.isNaN(f0)) {
            return;
        }
        float[] x = frame.span();
        double period = FrameAnalysis.SAMPLE_RATE / f0;
        out[offset + 2] = (float) hnr(x, period);
        lowPass(x);
        int peaks = peaks(period);
        if (peaks >= 3) {
            double sumPeriods = 0;
            double sumDiff = 0;
            for (int i = 1; i < peaks; i++) {
                double p = peakPos[i] - peakPos[i - 1];
                sumPeriods += p;
                if (i >= 2) {
                    sumDiff += Math.abs(p - (peakPos[i - 1] - peakPos[i - 2]));
                }
            }
            double meanPeriod = sumPeriods / (peaks - 1);
            out[offset] = (float) (sumDiff / (peaks - 2) / meanPeriod);
            double sumDb = 0;
            for (int i = 1; i < peaks; i++) {
                sumDb += Math.abs(20 * Math.log10(peakAmp[i] / peakAmp[i - 1]));
            }
            out[offset + 1] = (float) (sumDb / (peaks - 1));
        }
    }

    /** HNR = 10 log10(r / (1 - r)) with r the best normalised autocorrelation within a sample of the period. */
    static double hnr(float[] x, double period) {
        int n = x.length;
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= n;
        double best = 0;
        int centre = (int) Math.round(period);
        for (int lag = centre - 1; lag <= centre + 1; lag++) {
            if (lag < 1 || lag >= n / 2) {
                continue;
            }
            double xy = 0;
            double xx = 0;
            double yy = 0;
            for (int i = 0; i + lag < n; i++) {
                double a = x[i] - mean;
                double b = x[i + lag] - mean;
                xy += a * b;
                xx += a * a;
                yy += b * b;
            }
            if (xx > 0 && yy > 0) {
                best = Math.max(best, xy / Math.sqrt(xx * yy));
            }
        }
        double r = Math.min(Math.max(best, 1e-3), 0.999);
        return 10 * Math.log10(r / (1 - r));
    }

    private void lowPass(float[] x) {
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double y = B[0] * x[i] + B[1] * x1 + B[2] * x2 - A[1] * y1 - A[2] * y2;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = y;
            lp[i] = y;
        }
    }

    /** Peaks of the low-passed span one period apart: positions (sub-sample) and amplitudes; returns the count. */
    private int peaks(double period) {
        int n = lp.length;
        int first = argmax(SETTLE, (int) Math.min(n - 1, SETTLE + Math.ceil(period)));
        if (first < 0 || lp[first] <= 0) {
            return 0;
        }
        int count = 0;
        int p = first;
        while (count < MAX_PEAKS) {
            peakPos[count] = p + parabola(p);
            peakAmp[count] = lp[p];
            count++;
            int from = (int) Math.round(p + 0.8 * period);
            int to = (int) Math.round(p + 1.2 * period);
            if (to >= n - 1) {
                break;
            }
            int next = argmax(from, to);
            if (next < 0 || lp[next] <= 0) {
                break;
            }
            p = next;
        }
        return count;
    }

    private int argmax(int from, int to) {
        int best = -1;
        for (int i = Math.max(1, from); i <= to && i < lp.length - 1; i++) {
            if (best < 0 || lp[i] > lp[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Offset in (-0.5, 0.5) of the parabola's vertex through the three samples around {@code i}. */
    private double parabola(int i) {
        if (i <= 0 || i >= lp.length - 1) {
            return 0;
        }
        double a = lp[i - 1];
        double b = lp[i];
        double c = lp[i + 1];
        double den = a - 2 * b + c;
        return den == 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / den));
    }
}
