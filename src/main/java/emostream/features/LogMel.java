package emostream.features;

import be.tarsos.dsp.mfcc.MFCC;

/**
 * Log-mel energies of one analysis frame, built from TarsosDSP's MFCC building blocks (Hamming-windowed FFT
 * magnitude + triangular mel filters); TarsosDSP has no mel-spectrogram call of its own. Not thread-safe:
 * the FFT works in place on a scratch buffer.
 *
 * <p>The filter centres are computed here, not taken from {@code MFCC.getCenterFrequencies()}: TarsosDSP 2.4-1
 * stores centre i at index i-1, which leaves the last filter spanning the whole spectrum.
 */
final class LogMel {

    /**
     * Added before the log so digital silence (zero padding) maps to ln(1e-4) = -9.2 instead of TarsosDSP's
     * -50 floor, which would dominate the normalisation statistics.
     */
    static final float EPSILON = 1e-4f;

    private final FeatureConfig config;
    private final MFCC mfcc;
    private final int[] centers;
    private final float[] scratch;

    LogMel(FeatureConfig config) {
        this.config = config;
        // cepstral count is unused: only the spectrum and filter-bank steps are called
        this.mfcc = new MFCC(config.frameLength(), config.sampleRate(), 1, config.melBands(), config.minHz(), config.maxHz());
        this.centers = centerBins(config);
        this.scratch = new float[config.frameLength()];
    }

    /** Writes the {@code melBands} log-mel values of the frame starting at {@code pcm[offset]} into {@code out}. */
    void frame(float[] pcm, int offset, float[] out) {
        System.arraycopy(pcm, offset, scratch, 0, scratch.length);
        float[] magnitude = mfcc.magnitudeSpectrum(scratch);
        float[] bank = mfcc.melFilter(magnitude, centers);
        for (int m = 0; m < bank.length; m++) {
            out[m] = (float) Math.log(bank[m] + EPSILON);
        }
    }

    /** FFT bin of each filter's lower edge, centre and upper edge: melBands + 2 points evenly spaced in mel. */
    static int[] centerBins(FeatureConfig c) {
        int[] bins = new int[c.melBands() + 2];
        double lo = hzToMel(c.minHz());
        double hi = hzToMel(c.maxHz());
        for (int i = 0; i < bins.length; i++) {
            double hz = melToHz(lo + (hi - lo) * i / (bins.length - 1));
            bins[i] = (int) Math.round(hz / c.sampleRate() * c.frameLength());
        }
        return bins;
    }

    static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** Centre frequency of mel band {@code band} in Hz (after TarsosDSP rounds it to an FFT bin). */
    double bandCenterHz(int band) {
        return centers[band + 1] * (double) config.sampleRate() / config.frameLength();
    }
}
