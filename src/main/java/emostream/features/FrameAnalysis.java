package emostream.features;

import be.tarsos.dsp.pitch.FastYin;
import be.tarsos.dsp.pitch.PitchDetectionResult;
import be.tarsos.dsp.util.fft.FFT;

import java.util.Arrays;

/**
 * The shared per-frame analysis that the low-level descriptors read (openSMILE's split: one frame's spectra, pitch
 * and LPC are computed once, each {@link LowLevelDescriptor} takes what it needs). One frame is {@link #SPAN}
 * samples (40 ms) starting every 10 ms; the short-time spectrum uses its central 25 ms. Everything is computed
 * lazily for the current frame and cached until {@link #load} moves to the next. Not thread-safe: one per stream.
 */
public final class FrameAnalysis {

    public static final int SAMPLE_RATE = 16_000;
    /** Samples a frame reads: 40 ms, two periods of 50 Hz (the pitch range's floor). */
    public static final int SPAN = 640;
    /** Frame step: 10 ms. */
    public static final int HOP = 160;
    /** The short-time spectrum's frame: the central 25 ms of the span. */
    static final int SHORT = 400;
    static final int SHORT_OFFSET = (SPAN - SHORT) / 2;
    static final int FFT = 512;
    static final int FINE_FFT = 1024;
    static final float MIN_F0 = 55f;
    static final float MAX_F0 = 600f;
    /** Frames quieter than this (dBFS over the span) get no pitch: YIN finds "pitch" in faint noise. */
    static final double PITCH_MIN_DB = -50;
    static final int LPC_ORDER = 18;
    private static final double EPS = 1e-12;

    private final float[] span = new float[SPAN];
    private final float[] window = hamming(SHORT);
    private final float[] hann = hann(SPAN);
    private final FFT fft = new FFT(FFT);
    private final FFT fineFft = new FFT(FINE_FFT);
    private final FastYin yin = new FastYin(SAMPLE_RATE, SPAN);
    private final float[] fftBuf = new float[FFT];
    private final float[] fineBuf = new float[FINE_FFT];
    private final float[] yinBuf = new float[SPAN];
    private final double[] power = new double[FFT / 2 + 1];
    private final double[] finePowerDb = new double[FINE_FFT / 2 + 1];
    private final Lpc lpc = new Lpc(LPC_ORDER);
    private final double[] formants = new double[6]; // F1..F3, B1..B3 (NaN when not found)

    private boolean haveSpectrum;
    private boolean haveFine;
    private boolean havePitch;
    private boolean haveFormants;
    private double f0;
    private double periodicity;
    private double spanDb;

    /** Loads the frame starting at {@code pcm[offset]} ({@link #SPAN} samples) and forgets the last one's results. */
    public void load(float[] pcm, int offset) {
        System.arraycopy(pcm, offset, span, 0, SPAN);
        haveSpectrum = haveFine = havePitch = haveFormants = false;
        double sum = 0;
        for (float v : span) {
            sum += v * v;
        }
        spanDb = 10 * Math.log10(Math.max(sum / SPAN, 1e-10));
    }

    /** The frame's samples (do not modify). */
    float[] span() {
        return span;
    }

    /** RMS level of the whole span in dBFS (floor -100). */
    public double levelDb() {
        return spanDb;
    }

    /** Power spectrum of the central 25 ms (Hamming, 512-point FFT): bins 0..256, 31.25 Hz apart. */
    public double[] power() {
        if (!haveSpectrum) {
            Arrays.fill(fftBuf, 0f);
            for (int i = 0; i < SHORT; i++) {
                fftBuf[i] = span[SHORT_OFFSET + i] * window[i];
            }
            packedPower(fft, fftBuf, power);
            haveSpectrum = true;
        }
        return power;
    }

    /** Frequency of a bin of {@link #power()}. */
    public static double binHz(int bin) {
        return bin * (double) SAMPLE_RATE / FFT;
    }

    /** Power spectrum of the whole 40 ms span in dB (Hann, 1024-point FFT, 15.6 Hz bins): resolves the harmonics. */
    public double[] finePowerDb() {
        if (!haveFine) {
            Arrays.fill(fineBuf, 0f);
            for (int i = 0; i < SPAN; i++) {
                fineBuf[i] = span[i] * hann[i];
            }
            packedPower(fineFft, fineBuf, finePowerDb);
            for (int k = 0; k < finePowerDb.length; k++) {
                finePowerDb[k] = 10 * Math.log10(finePowerDb[k] + EPS);
            }
            haveFine = true;
        }
        return finePowerDb;
    }

    public static double fineBinHz(int bin) {
        return bin * (double) SAMPLE_RATE / FINE_FFT;
    }

    /** Fundamental frequency in Hz (YIN over the span), or NaN when the frame is unvoiced. */
    public double f0() {
        pitch();
        return f0;
    }

    /** Whether the frame has a pitch. */
    public boolean voiced() {
        return !Double.isNaN(f0());
    }

    /** YIN's periodicity (1 - aperiodicity at the chosen lag) in [0, 1]; 0 for a silent frame. */
    public double periodicity() {
        pitch();
        return periodicity;
    }

    private void pitch() {
        if (havePitch) {
            return;
        }
        havePitch = true;
        f0 = Double.NaN;
        periodicity = 0;
        if (spanDb < PITCH_MIN_DB) {
            return;
        }
        System.arraycopy(span, 0, yinBuf, 0, SPAN); // YIN may work in place
        PitchDetectionResult r = yin.getPitch(yinBuf);
        periodicity = Math.max(0, r.getProbability());
        float hz = r.getPitch();
        if (r.isPitched() && hz >= MIN_F0 && hz <= MAX_F0) {
            f0 = hz;
        }
    }

    /** F1..F3 then their bandwidths B1..B3 in Hz from the LPC poles (NaN where fewer were found). */
    public double[] formants() {
        if (!haveFormants) {
            haveFormants = true;
            Arrays.fill(formants, Double.NaN);
            if (spanDb >= PITCH_MIN_DB) {
                lpc.formants(span, SHORT_OFFSET, SHORT, SAMPLE_RATE, formants);
            }
        }
        return formants;
    }

    /** Power of a real FFT (packed as JTransforms' realForward: a[0]=Re0, a[1]=Re(n/2), then Re/Im pairs). */
    private static void packedPower(FFT fft, float[] buf, double[] out) {
        fft.forwardTransform(buf);
        int n = buf.length;
        out[0] = (double) buf[0] * buf[0];
        out[n / 2] = (double) buf[1] * buf[1];
        for (int k = 1; k < n / 2; k++) {
            double re = buf[2 * k];
            double im = buf[2 * k + 1];
            out[k] = re * re + im * im;
        }
    }

    static float[] hamming(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1)));
        }
        return w;
    }

    static float[] hann(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
        }
        return w;
    }
}
