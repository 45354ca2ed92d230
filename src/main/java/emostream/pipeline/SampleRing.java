package emostream.pipeline;

/**
 * The last {@code capacity} samples of a stream, addressed by absolute sample position. Bounded: a stream of any
 * length holds one window (plus a hop) of audio, however large the chunks it arrives in.
 */
final class SampleRing {

    private final float[] ring;
    private long end; // absolute position just after the newest sample

    SampleRing(int capacity, long start) {
        this.ring = new float[capacity];
        this.end = start;
    }

    long end() {
        return end;
    }

    /** Oldest position still held. */
    long start() {
        return Math.max(0, end - ring.length);
    }

    void write(float[] samples, int offset, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) ((end + i) % ring.length)] = samples[offset + i];
        }
        end += length;
    }

    /** Appends {@code length} zeros (the padding of a stream's last window). */
    void pad(int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) ((end + i) % ring.length)] = 0f;
        }
        end += length;
    }

    /** Copies {@code length} samples from absolute position {@code from} into {@code dst}. */
    void copy(long from, float[] dst, int dstOffset, int length) {
        if (from < start() || from + length > end) {
            throw new IllegalStateException("samples [" + from + ", " + (from + length) + ") are not held (ring holds ["
                    + start() + ", " + end + "))");
        }
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = ring[(int) ((from + i) % ring.length)];
        }
    }
}
