package emostream.features;

import java.util.Arrays;

/**
 * Linear prediction for formant estimation: pre-emphasis, Hamming window, autocorrelation, Levinson–Durbin, then
 * the poles of 1/A(z) by Laguerre's method with deflation and polishing. A pole pair at angle θ and radius r is a
 * resonance at θ·fs/2π Hz with bandwidth −ln(r)·fs/π Hz; F1..F3 are the three lowest that look like formants.
 * Not thread-safe.
 */
final class Lpc {

    static final double PRE_EMPHASIS = 0.97;
    static final double MIN_FORMANT_HZ = 150;
    static final double MAX_FORMANT_HZ = 5500;
    static final double MAX_BANDWIDTH_HZ = 600;
    private static final int MAX_ITERATIONS = 80;
    private static final double EPSILON = 1e-10;

    private final int order;
    private final double[] frame = new double[0x1000];
    private double[] window = new double[0];
    private final double[] r;
    private final double[] a;
    private final double[] tmp;
    // complex polynomial coefficients (ascending powers) and roots
    private final double[] cr;
    private final double[] ci;
    private final double[] dr;
    private final double[] di;
    private final double[] rootRe;
    private final double[] rootIm;
    private final double[] candF;
    private final double[] candB;

    Lpc(int order) {
        this.order = order;
        this.r = new double[order + 1];
        this.a = new double[order + 1];
        this.tmp = new double[order + 1];
        this.cr = new double[order + 1];
        this.ci = new double[order + 1];
        this.dr = new double[order + 1];
        this.di = new double[order + 1];
        this.rootRe = new double[order];
        this.rootIm = new double[order];
        this.candF = new double[order];
        this.candB = new double[order];
    }

    /**
     * Writes F1, F2, F3, B1, B2, B3 (Hz) of {@code length} samples at {@code pcm[offset]} into {@code out}; entries
     * stay NaN when fewer formants are found or the frame is degenerate.
     */
    void formants(float[] pcm, int offset, int length, int sampleRate, double[] out) {
        if (window.length != length) {
            window = new double[length];
            for (int i = 0; i < length; i++) {
                window[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (length - 1));
            }
        }
        double prev = offset > 0 ? pcm[offset - 1] : 0;
        for (int i = 0; i < length; i++) {
            double x = pcm[offset + i];
            frame[i] = (x - PRE_EMPHASIS * prev) * window[i];
            prev = x;
        }
        if (!coefficients(frame, length)) {
            return;
        }
        int roots = roots();
        int n = 0;
        for (int k = 0; k < roots; k++) {
            double im = rootIm[k];
            if (im <= 0) {
                continue; // one of each conjugate pair; real poles shape the tilt, not a formant
            }
            double radius = modulus(rootRe[k], im);
            double f = Math.atan2(im, rootRe[k]) * sampleRate / (2 * Math.PI);
            double b = -Math.log(Math.max(radius, 1e-12)) * sampleRate / Math.PI;
            if (f >= MIN_FORMANT_HZ && f <= MAX_FORMANT_HZ && b > 0 && b <= MAX_BANDWIDTH_HZ) {
                candF[n] = f;
                candB[n] = b;
                n++;
            }
        }
        // ascending frequency (n is small: insertion sort)
        for (int i = 1; i < n; i++) {
            double f = candF[i];
            double b = candB[i];
            int j = i - 1;
            while (j >= 0 && candF[j] > f) {
                candF[j + 1] = candF[j];
                candB[j + 1] = candB[j];
                j--;
            }
            candF[j + 1] = f;
            candB[j + 1] = b;
        }
        for (int i = 0; i < Math.min(3, n); i++) {
            out[i] = candF[i];
            out[3 + i] = candB[i];
        }
    }

    /** Levinson–Durbin on the autocorrelation of x[0..n): a[0] = 1, a[1..order]; false for a silent frame. */
    private boolean coefficients(double[] x, int n) {
        for (int lag = 0; lag <= order; lag++) {
            double s = 0;
            for (int i = lag; i < n; i++) {
                s += x[i] * x[i - lag];
            }
            r[lag] = s;
        }
        if (r[0] <= EPSILON) {
            return false;
        }
        r[0] *= 1 + 1e-9; // white-noise correction: keeps the recursion stable on near-singular frames
        Arrays.fill(a, 0);
        a[0] = 1;
        double err = r[0];
        for (int i = 1; i <= order; i++) {
            double acc = r[i];
            for (int j = 1; j < i; j++) {
                acc += a[j] * r[i - j];
            }
            double k = -acc / err;
            System.arraycopy(a, 0, tmp, 0, i);
            for (int j = 1; j < i; j++) {
                a[j] = tmp[j] + k * tmp[i - j];
            }
            a[i] = k;
            err *= 1 - k * k;
            if (err <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Roots of z^p·A(z) = z^p + a1 z^(p-1) + ... + ap into rootRe/rootIm; returns how many were found. */
    private int roots() {
        for (int i = 0; i <= order; i++) {
            cr[i] = a[order - i]; // ascending powers
            ci[i] = 0;
        }
        System.arraycopy(cr, 0, dr, 0, order + 1);
        Arrays.fill(di, 0);
        int found = 0;
        double[] z = new double[2];
        for (int m = order; m >= 1; m--) {
            z[0] = 0;
            z[1] = 0;
            if (!laguerre(dr, di, m, z)) {
                break;
            }
            // polish on the full polynomial: deflation errors accumulate
            laguerre(cr, ci, order, z);
            if (Math.abs(z[1]) <= 2e-9 * Math.abs(z[0])) {
                z[1] = 0;
            }
            rootRe[found] = z[0];
            rootIm[found] = z[1];
            found++;
            // synthetic division by (x - z)
            double br = dr[m];
            double bi = di[m];
            for (int j = m - 1; j >= 0; j--) {
                double c0 = dr[j];
                double c1 = di[j];
                dr[j] = br;
                di[j] = bi;
                double nr = z[0] * br - z[1] * bi + c0;
                double ni = z[0] * bi + z[1] * br + c1;
                br = nr;
                bi = ni;
            }
        }
        return found;
    }

    /**
     * Laguerre's method on the degree-{@code m} polynomial with complex coefficients (ascending) from the start
     * value in {@code z}; the root replaces it. Converges cubically to simple roots from almost anywhere; every
     * tenth step is shortened so the iteration cannot cycle.
     */
    private static boolean laguerre(double[] pr, double[] pi, int m, double[] z) {
        double xr = z[0];
        double xi = z[1];
        for (int iter = 1; iter <= MAX_ITERATIONS; iter++) {
            double br = pr[m];
            double bi = pi[m];
            double dR = 0;
            double dI = 0;
            double fR = 0;
            double fI = 0;
            double err = modulus(br, bi);
            double ax = modulus(xr, xi);
            for (int j = m - 1; j >= 0; j--) {
                // f = x f + d; d = x d + b; b = x b + p[j]
                double nfR = xr * fR - xi * fI + dR;
                double nfI = xr * fI + xi * fR + dI;
                fR = nfR;
                fI = nfI;
                double ndR = xr * dR - xi * dI + br;
                double ndI = xr * dI + xi * dR + bi;
                dR = ndR;
                dI = ndI;
                double nbR = xr * br - xi * bi + pr[j];
                double nbI = xr * bi + xi * br + pi[j];
                br = nbR;
                bi = nbI;
                err = modulus(br, bi) + ax * err;
            }
            err *= 1e-14;
            double babs = modulus(br, bi);
            if (babs <= err) {
                z[0] = xr;
                z[1] = xi;
                return true;
            }
            // g = d / b, h = g^2 - 2 f / b
            double den = br * br + bi * bi;
            double gR = (dR * br + dI * bi) / den;
            double gI = (dI * br - dR * bi) / den;
            double g2R = gR * gR - gI * gI;
            double g2I = 2 * gR * gI;
            double fbR = (fR * br + fI * bi) / den;
            double fbI = (fI * br - fR * bi) / den;
            double hR = g2R - 2 * fbR;
            double hI = g2I - 2 * fbI;
            // sq = sqrt((m - 1) (m h - g^2))
            double sR = (m - 1) * (m * hR - g2R);
            double sI = (m - 1) * (m * hI - g2I);
            double mod = modulus(sR, sI);
            double sqR = Math.sqrt((mod + sR) / 2);
            double sqI = Math.copySign(Math.sqrt(Math.max((mod - sR) / 2, 0)), sI);
            double gpR = gR + sqR;
            double gpI = gI + sqI;
            double gmR = gR - sqR;
            double gmI = gI - sqI;
            double ap = modulus(gpR, gpI);
            double am = modulus(gmR, gmI);
            if (am > ap) {
                gpR = gmR;
                gpI = gmI;
                ap = am;
            }
            double dxR;
            double dxI;
            if (ap > 0) {
                double d2 = gpR * gpR + gpI * gpI;
                dxR = m * gpR / d2;
                dxI = -m * gpI / d2;
            } else {
                double s = 1 + ax;
                dxR = s * Math.cos(iter);
                dxI = s * Math.sin(iter);
            }
            double x1R = xr - dxR;
            double x1I = xi - dxI;
            if (x1R == xr && x1I == xi) {
                z[0] = xr;
                z[1] = xi;
                return true;
            }
            if (iter % 10 != 0) {
                xr = x1R;
                xi = x1I;
            } else {
                double frac = FRACTIONS[(iter / 10) % FRACTIONS.length];
                xr -= frac * dxR;
                xi -= frac * dxI;
            }
        }
        z[0] = xr;
        z[1] = xi;
        return Double.isFinite(xr) && Double.isFinite(xi);
    }

    private static final double[] FRACTIONS = {0.5, 0.25, 0.75, 0.13, 0.38, 0.62, 0.88, 1.0};

    /** |re + i·im|; {@code Math.hypot}'s overflow care is not needed here and costs more than the root search. */
    private static double modulus(double re, double im) {
        return Math.sqrt(re * re + im * im);
    }
}
