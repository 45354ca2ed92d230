package emostream.features;

import java.util.ArrayList;
import java.util.List;

/** MFCC 1..n (DCT-II of the log band powers of 26 mel bands; c0, the level, is left out). */
final class Mfcc implements LowLevelDescriptor {

    private final MelBands bands;
    private final int coefficients;
    private final double[] band;
    private final double[][] dct;

    Mfcc(MelBands bands, int coefficients) {
        this.bands = bands;
        this.coefficients = coefficients;
        this.band = new double[bands.count()];
        int m = bands.count();
        this.dct = new double[coefficients][m];
        for (int c = 0; c < coefficients; c++) {
            for (int b = 0; b < m; b++) {
                dct[c][b] = Math.sqrt(2.0 / m) * Math.cos(Math.PI * (c + 1) * (b + 0.5) / m);
            }
        }
    }

    @Override
    public List<String> names() {
        List<String> n = new ArrayList<>();
        for (int c = 1; c <= coefficients; c++) {
            n.add("mfcc" + c);
        }
        return n;
    }

    @Override
    public void compute(FrameAnalysis frame, float[] out, int offset) {
        bands.apply(frame.power(), band);
        for (int b = 0; b < band.length; b++) {
            band[b] = Math.log(band[b] + 1e-10);
        }
        for (int c = 0; c < coefficients; c++) {
            double s = 0;
            for (int b = 0; b < band.length; b++) {
                s += dct[c][b] * band[b];
            }
            out[offset + c] = (float) s;
        }
    }
}
