package emostream.vad;

/**
 * Per-frame speech probabilities → speech segments, streaming: an onset needs a run of confident frames, an offset a
 * stretch of unconfident ones (so a breath or a plosive gap inside a word does not end the speech, and a single
 * noisy frame does not start it), with padding before each onset. Decisions for the last frames are kept in a ring
 * so a window can be judged after the fact; a frame's decision may still change while a segment is being decided
 * (its onset pads backwards, its end trims the unused hangover).
 */
final class Hysteresis {

    private final double onset;
    private final double offset;
    private final int onsetFrames;
    private final int hangoverFrames;
    private final int padFrames;
    private final boolean[] speech;   // ring by absolute frame index
    private long frames;              // frames seen
    private boolean speaking;
    private int run;                  // consecutive frames >= onset while silent
    private int below;                // consecutive frames < offset while speaking

    /**
     * @param frameMs  one frame's duration
     * @param capacity frames whose decisions are kept
     */
    Hysteresis(VadSettings.Neural n, double frameMs, int capacity) {
        this.onset = n.onset();
        this.offset = n.offset();
        this.onsetFrames = Math.max(1, (int) Math.round(n.onsetMs() / frameMs));
        this.hangoverFrames = Math.max(1, (int) Math.round(n.hangoverMs() / frameMs));
        this.padFrames = Math.max(0, (int) Math.round(n.padMs() / frameMs));
        this.speech = new boolean[Math.max(capacity, onsetFrames + padFrames + hangoverFrames + 1)];
    }

    /**
     * The next frame's speech probability.
     *
     * @param prominent whether the frame may start speech (it stands out from the background); speech that has
     *                  started holds on the probability alone
     */
    void add(double p, boolean prominent) {
        long f = frames++;
        if (!speaking) {
            mark(f, false);
            run = p >= onset && prominent ? run + 1 : 0;
            if (run >= onsetFrames) {
                speaking = true;
                below = 0;
                for (long g = Math.max(0, Math.max(frames - speech.length, f - run + 1 - padFrames)); g <= f; g++) {
                    mark(g, true);
                }
            }
            return;
        }
        mark(f, true);
        below = p < offset ? below + 1 : 0;
        if (below >= hangoverFrames) {
            // the segment ended at the last confident frame: keep a pad after it, give the rest of the hangover back
            for (long g = f - below + 1 + padFrames; g <= f; g++) {
                mark(g, false);
            }
            speaking = false;
            run = 0;
        }
    }

    /** Whether the segment detector is inside speech now. */
    boolean speaking() {
        return speaking;
    }

    /** Frames seen so far. */
    long frames() {
        return frames;
    }

    /** The decision for frame {@code f}; false for frames no longer kept or not seen yet. */
    boolean speech(long f) {
        return f >= 0 && f < frames && f >= frames - speech.length && speech[(int) (f % speech.length)];
    }

    private void mark(long f, boolean value) {
        speech[(int) (f % speech.length)] = value;
    }
}
