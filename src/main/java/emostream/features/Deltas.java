package emostream.features;

/**
 * Regression deltas over time, d[t] = sum_n n (c[t+n] - c[t-n]) / (2 sum_n n^2), with edge frames repeated.
 * Computed inside each window only, so a window's spec3d never depends on audio outside it: training on clips
 * and serving from a stream give identical tensors.
 */
final class Deltas {

    private Deltas() {
    }

    /**
     * @param src  [bands][frames] row-major, starting at {@code srcOff}
     * @param dst  same layout, starting at {@code dstOff}
     */
    static void compute(float[] src, int srcOff, float[] dst, int dstOff, int bands, int frames, int width) {
        float denom = 0;
        for (int n = 1; n <= width; n++) {
            denom += 2f * n * n;
        }
        for (int b = 0; b < bands; b++) {
            int row = b * frames;
            for (int t = 0; t < frames; t++) {
                float acc = 0;
                for (int n = 1; n <= width; n++) {
                    float next = src[srcOff + row + Math.min(t + n, frames - 1)];
                    float prev = src[srcOff + row + Math.max(t - n, 0)];
                    acc += n * (next - prev);
                }
                dst[dstOff + row + t] = acc / denom;
            }
        }
    }
}
