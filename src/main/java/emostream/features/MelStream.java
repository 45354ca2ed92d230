package emostream.features;

/**
 * Incremental log-mel for one live stream: audio is pushed as it arrives, each frame (10 ms hop) is computed
 * exactly once, and overlapping windows are sliced from the cached frames. With a 2 s window and 0.5 s hop
 * this does a quarter of the FFT work of recomputing every window. {@link #window} returns exactly what
 * {@link Spec3dExtractor#extract} returns for the same samples. Not thread-safe: one per stream.
 *
 * <p>Positions are absolute sample indices on the stream's timeline, so a stream resumed mid-way (Kafka)
 * starts at {@code startSample} and still names windows by their absolute start.
 */
public final class MelStream {

    private final FeatureConfig config;
    private final LogMel logMel;
    private final int bands;
    private final int capacity;
    private final float[] ring;
    private final float[] frame;
    private final long firstFrame;

    private float[] samples;
    private long samplesStart;
    private int sampleCount;
    private long nextFrame;

    /**
     * @param startSample  absolute position of the first sample to be pushed; a multiple of the hop length
     * @param retainFrames frames kept for slicing (at least one window); older ones are forgotten
     */
    public MelStream(FeatureConfig config, long startSample, int retainFrames) {
        if (startSample < 0 || startSample % config.hopLength() != 0) {
            throw new IllegalArgumentException("stream start " + startSample + " is not a multiple of the hop " + config.hopLength());
        }
        if (retainFrames < config.frames()) {
            throw new IllegalArgumentException("must retain at least one window of frames (" + config.frames() + ")");
        }
        this.config = config;
        this.logMel = new LogMel(config);
        this.bands = config.melBands();
        this.capacity = retainFrames;
        this.ring = new float[retainFrames * bands];
        this.frame = new float[bands];
        this.firstFrame = startSample / config.hopLength();
        this.nextFrame = firstFrame;
        this.samplesStart = startSample;
        this.samples = new float[Math.max(config.frameLength() * 4, 8192)];
    }

    /** Keeps one window plus {@code extraSeconds} of frames. */
    public MelStream(FeatureConfig config, long startSample, double extraSeconds) {
        this(config, startSample, config.frames() + (int) Math.ceil(extraSeconds * config.sampleRate() / config.hopLength()));
    }

    public FeatureConfig config() {
        return config;
    }

    /** Absolute sample position just after the last pushed sample. */
    public long position() {
        return samplesStart + sampleCount;
    }

    /** Appends samples and computes every frame they complete. */
    public void push(float[] pcm, int offset, int length) {
        int pos = 0;
        while (pos < length) {
            int room = samples.length - sampleCount;
            if (room == 0) {
                samples = java.util.Arrays.copyOf(samples, samples.length * 2);
                room = samples.length - sampleCount;
            }
            int n = Math.min(room, length - pos);
            System.arraycopy(pcm, offset + pos, samples, sampleCount, n);
            sampleCount += n;
            pos += n;
            computeFrames();
        }
    }

    private void computeFrames() {
        int hop = config.hopLength();
        int frameLength = config.frameLength();
        while (true) {
            long frameStart = nextFrame * hop;
            int local = (int) (frameStart - samplesStart);
            if (local + frameLength > sampleCount) {
                break;
            }
            logMel.frame(samples, local, frame);
            System.arraycopy(frame, 0, ring, (int) (nextFrame % capacity) * bands, bands);
            nextFrame++;
        }
        // drop samples no future frame needs, so the buffer stays one frame long
        int consumed = (int) (nextFrame * hop - samplesStart);
        if (consumed > 0) {
            System.arraycopy(samples, consumed, samples, 0, sampleCount - consumed);
            sampleCount -= consumed;
            samplesStart += consumed;
        }
    }

    /** Whether the window starting at absolute sample {@code startSample} can be sliced now. */
    public boolean hasWindow(long startSample) {
        if (startSample % config.hopLength() != 0) {
            return false;
        }
        long f0 = startSample / config.hopLength();
        return f0 >= oldestFrame() && f0 + config.frames() <= nextFrame;
    }

    public float[] window(long startSample) {
        float[] out = new float[config.spec3dLength()];
        window(startSample, out);
        return out;
    }

    /** spec3d of the window starting at absolute sample {@code startSample} into {@code out}. */
    public void window(long startSample, float[] out) {
        if (!hasWindow(startSample)) {
            throw new IllegalStateException("window at sample " + startSample + " is not available (frames "
                    + oldestFrame() + ".." + nextFrame + " of hop " + config.hopLength() + ")");
        }
        int frames = config.frames();
        long f0 = startSample / config.hopLength();
        for (int t = 0; t < frames; t++) {
            int slot = (int) ((f0 + t) % capacity) * bands;
            for (int m = 0; m < bands; m++) {
                out[m * frames + t] = ring[slot + m];
            }
        }
        Spec3d.addDeltas(out, config);
    }

    private long oldestFrame() {
        return Math.max(firstFrame, nextFrame - capacity);
    }
}
