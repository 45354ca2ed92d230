package emostream.audio;

import java.util.Arrays;

/**
 * Streaming band-limited resampler (Kaiser-windowed sinc, polyphase). Chunks may have any size: the filter
 * history is kept between calls, so feeding a signal in pieces gives exactly the samples of feeding it whole
 * (no clicks at chunk boundaries). Output is time-aligned with the input (no delay) and, after {@link #flush()},
 * has {@code ceil(inputSamples * outRate / inRate)} samples, clamped to [-1, 1] (the filter's ringing on a
 * full-scale step would overshoot; found by the decoder fuzz test).
 *
 * <p>The low-pass sits at 92 % of the lower Nyquist frequency with about 90 dB stop-band attenuation, so
 * downsampling 44.1 kHz to 16 kHz keeps 0–6.8 kHz flat and folds nothing audible back.
 * Not thread-safe: one per stream.
 */
public final class Resampler {

    private static final int ZERO_CROSSINGS = 40;
    private static final double ROLLOFF = 0.92;
    private static final double KAISER_BETA = 8.6;
    /** Above this many phases the rows are interpolated from a finely sampled kernel instead (rare rates). */
    private static final int MAX_TABLE_PHASES = 1024;
    private static final double I0_BETA = bessel0(KAISER_BETA);
    private static final java.util.Map<Long, float[][]> TABLES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<Long, float[]> FINE_KERNELS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int FINE = 512;
    private static final int MAX_CACHED = 32;

    private final int inRate;
    private final int outRate;
    private final long up;    // L and M: L output samples per M input samples, in lowest terms
    private final long down;
    private final int half;   // H: taps each side, in input samples
    private final double cutoff;  // relative to the input Nyquist (2 * fc)
    private final float[][] table;  // [phase][2H], or null for rates with too many phases
    private final float[] fine;     // else: the kernel sampled FINE times per input sample, interpolated per output
    private final boolean passthrough;

    /** Input history: buf[0] holds absolute input sample bufStart. Indices before 0 are zeros. */
    private float[] buf;
    private long bufStart;
    private int bufLen;
    private long inCount;
    private long outCount;
    private boolean flushed;

    public Resampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        long g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        this.passthrough = inRate == outRate;
        this.cutoff = ROLLOFF * Math.min(1.0, (double) outRate / inRate);
        this.half = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        // tables depend only on the rate pair and are never written after construction: share them
        table = !passthrough && up <= MAX_TABLE_PHASES
                ? cached(TABLES, ((long) inRate << 32) | outRate, () -> {
                    float[][] t = new float[(int) up][];
                    double[] tmp = new double[2 * half];
                    for (int p = 0; p < up; p++) {
                        t[p] = rowInto(p, new float[2 * half], tmp);
                    }
                    return t;
                })
                : null;
        fine = passthrough || table != null ? null
                : cached(FINE_KERNELS, ((long) inRate << 32) | outRate, this::fineKernel);
        this.buf = new float[4 * half + 1024];
        // the filter centred on sample 0 reaches H samples back: start with H zeros of history
        this.bufStart = -half;
        this.bufLen = half;
    }

    /** Caches per rate pair, bounded: clients choosing arbitrary rates must not grow memory without limit. */
    private static <T> T cached(java.util.Map<Long, T> cache, long key, java.util.function.Supplier<T> make) {
        T t = cache.get(key);
        if (t == null) {
            t = make.get();
            if (cache.size() < MAX_CACHED) {
                cache.putIfAbsent(key, t);
            }
        }
        return t;
    }

    /** One-shot conversion of a whole signal. */
    public static float[] resample(float[] in, int inRate, int outRate) {
        if (inRate == outRate) {
            return in.clone();
        }
        Resampler r = new Resampler(inRate, outRate);
        float[] a = r.process(in, 0, in.length);
        float[] b = r.flush();
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Feeds {@code len} samples; returns the output samples that are complete now (possibly none). */
    public float[] process(float[] in, int off, int len) {
        if (flushed) {
            throw new IllegalStateException("resampler already flushed");
        }
        if (passthrough) {
            inCount += len;
            outCount += len;
            return Arrays.copyOfRange(in, off, off + len);
        }
        append(in, off, len);
        inCount += len;
        return produce(inCount);
    }

    /** Ends the stream: pads with silence and returns the remaining output. Further calls are errors. */
    public float[] flush() {
        if (flushed) {
            throw new IllegalStateException("resampler already flushed");
        }
        flushed = true;
        if (passthrough) {
            return new float[0];
        }
        long total = ceilDiv(inCount * up, down);
        long lastBase = Math.floorDiv((total - 1) * down, up);
        long needEnd = lastBase + half + 1;  // exclusive absolute index the last output reads
        long pad = needEnd - (bufStart + bufLen);
        if (pad > 0) {
            append(new float[(int) pad], 0, (int) pad);
        }
        return produceUpTo(total);
    }

    /** Samples produced so far. */
    public long outputCount() {
        return outCount;
    }

    private float[] produce(long available) {
        // output k needs input up to floor(k*M/L) + H; count how many outputs are ready
        long maxBase = available - 1 - half;
        if (maxBase < 0) {
            return new float[0];
        }
        // base(k) <= maxBase  <=>  k*M < (maxBase+1)*L  <=>  k <= ((maxBase+1)*L - 1) / M
        long ready = Math.floorDiv((maxBase + 1) * up - 1, down) + 1;
        return produceUpTo(ready);
    }

    private float[] produceUpTo(long end) {
        int n = (int) Math.max(0, end - outCount);
        float[] out = new float[n];
        float[] rowBuf = table == null ? new float[2 * half] : null;
        for (int i = 0; i < n; i++) {
            long num = outCount * down;
            long base = Math.floorDiv(num, up);
            int phase = (int) (num - base * up);
            float[] h = table != null ? table[phase] : interpolatedRow(phase, rowBuf);
            int start = (int) (base - half + 1 - bufStart);
            float v = dot(h, buf, start);
            // a full-scale step rings past full scale (Gibbs): every reader promises samples in [-1, 1]
            out[i] = v > 1f ? 1f : v < -1f ? -1f : v;
            outCount++;
        }
        discardBefore(Math.floorDiv(outCount * down, up) - half + 1);
        return out;
    }

    /** Four independent partial sums: the JIT keeps them in flight together (about 3x a single running sum). */
    private static float dot(float[] h, float[] x, int off) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int n = h.length;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            a0 += h[j] * x[off + j];
            a1 += h[j + 1] * x[off + j + 1];
            a2 += h[j + 2] * x[off + j + 2];
            a3 += h[j + 3] * x[off + j + 3];
        }
        for (; j < n; j++) {
            a0 += h[j] * x[off + j];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Taps for output phase p/L, over input offsets j = -H+1 .. H; normalised to unit DC gain. */
    private float[] rowInto(int phase, float[] h, double[] tmp) {
        double frac = (double) phase / up;
        double sum = 0;
        for (int t = 0; t < 2 * half; t++) {
            double v = kernel(frac - (t - half + 1));
            tmp[t] = v;
            sum += v;
        }
        for (int t = 0; t < tmp.length; t++) {
            h[t] = (float) (tmp[t] / sum);
        }
        return h;
    }

    /** The (unnormalised) kernel at d = i / FINE - H for i = 0 .. 2 H FINE, plus one guard entry. */
    private float[] fineKernel() {
        float[] k = new float[2 * half * FINE + 2];
        for (int i = 0; i < k.length - 1; i++) {
            k[i] = (float) kernel((double) i / FINE - half);
        }
        return k;
    }

    /** Row for an arbitrary phase by linear interpolation in {@link #fine}: rates whose phase count is huge. */
    private float[] interpolatedRow(int phase, float[] h) {
        double frac = (double) phase / up;
        double sum = 0;
        for (int t = 0; t < h.length; t++) {
            double pos = (frac - (t - half + 1) + half) * FINE;
            int i = (int) pos;
            float w = (float) (pos - i);
            float v = fine[i] + w * (fine[i + 1] - fine[i]);
            h[t] = v;
            sum += v;
        }
        float inv = (float) (1 / sum);
        for (int t = 0; t < h.length; t++) {
            h[t] *= inv;
        }
        return h;
    }

    private double kernel(double d) {
        return sinc(cutoff * d) * window(Math.abs(d / half));
    }

    /**
     * The Kaiser window at |x| (0..1), interpolated in a table made once: the Bessel series per tap made building
     * the filter for a high rate take seconds (found by fuzzing: a WAV claiming 1 MHz took over 1 s to open).
     */
    private static double window(double ax) {
        if (ax >= 1) {
            return 0;
        }
        double pos = ax * WINDOW_POINTS;
        int i = (int) pos;
        return WINDOW[i] + (pos - i) * (WINDOW[i + 1] - WINDOW[i]);
    }

    private static final int WINDOW_POINTS = 1 << 16;
    private static final double[] WINDOW = new double[WINDOW_POINTS + 1];

    static {
        for (int i = 0; i <= WINDOW_POINTS; i++) {
            double x = (double) i / WINDOW_POINTS;
            WINDOW[i] = bessel0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - x * x))) / I0_BETA;
        }
    }

    private void append(float[] in, int off, int len) {
        if (bufLen + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, bufLen + len));
        }
        System.arraycopy(in, off, buf, bufLen, len);
        bufLen += len;
    }

    private void discardBefore(long absolute) {
        int drop = (int) Math.min(bufLen, absolute - bufStart);
        if (drop > 0) {
            System.arraycopy(buf, drop, buf, 0, bufLen - drop);
            bufLen -= drop;
            bufStart += drop;
        }
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-12) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0 (series). */
    private static double bessel0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 64; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
