package emostream.features;

import java.util.Arrays;
import java.util.List;

/**
 * A {@link DescriptorSet}'s low-level descriptors for one stream, each 10 ms frame computed once as audio arrives
 * and kept in a ring, and the window functionals sliced from them. A window starting at sample s reads the frames
 * whose 40 ms span lies inside [s, s + window). Not thread-safe: one per stream.
 */
final class DescriptorStream implements AcousticStream {

    private final DescriptorSet set;
    private final List<LowLevelDescriptor> descriptors;
    private final FrameAnalysis analysis = new FrameAnalysis();
    private final int lldDim;
    private final int windowFrames;
    private final int capacity;
    private final float[][] ring;
    private final long firstFrame;
    private final DescriptorSet.Scratch scratch;
    private float[] samples = new float[8192];
    private long samplesStart;
    private int sampleCount;
    private long nextFrame;

    DescriptorStream(DescriptorSet set, int windowSamples, long startSample, double extraSeconds) {
        if (startSample < 0 || startSample % FrameAnalysis.HOP != 0) {
            throw new IllegalArgumentException("stream start " + startSample + " is not on the 10 ms grid");
        }
        if (windowSamples < FrameAnalysis.SPAN) {
            throw new IllegalArgumentException("a window of " + windowSamples + " samples is shorter than one frame");
        }
        this.set = set;
        this.descriptors = set.newDescriptors();
        this.lldDim = set.lldNames().size();
        this.windowFrames = 1 + (windowSamples - FrameAnalysis.SPAN) / FrameAnalysis.HOP;
        this.capacity = windowFrames + (int) Math.ceil(extraSeconds * FrameAnalysis.SAMPLE_RATE / FrameAnalysis.HOP) + 1;
        this.ring = new float[capacity][lldDim];
        this.firstFrame = startSample / FrameAnalysis.HOP;
        this.nextFrame = firstFrame;
        this.samplesStart = startSample;
        this.scratch = set.newScratch(windowFrames);
    }

    @Override
    public int dimension() {
        return set.dimension();
    }

    @Override
    public List<String> names() {
        return set.names();
    }

    @Override
    public void push(float[] pcm, int offset, int length) {
        int pos = 0;
        while (pos < length) {
            if (sampleCount == samples.length) {
                samples = Arrays.copyOf(samples, samples.length * 2);
            }
            int n = Math.min(samples.length - sampleCount, length - pos);
            System.arraycopy(pcm, offset + pos, samples, sampleCount, n);
            sampleCount += n;
            pos += n;
            computeFrames();
        }
    }

    private void computeFrames() {
        while (true) {
            int local = (int) (nextFrame * FrameAnalysis.HOP - samplesStart);
            if (local + FrameAnalysis.SPAN > sampleCount) {
                break;
            }
            analysis.load(samples, local);
            float[] out = ring[(int) (nextFrame % capacity)];
            int o = 0;
            for (LowLevelDescriptor d : descriptors) {
                d.compute(analysis, out, o);
                o += d.names().size();
            }
            nextFrame++;
        }
        int consumed = (int) (nextFrame * FrameAnalysis.HOP - samplesStart);
        if (consumed > 0) {
            System.arraycopy(samples, consumed, samples, 0, sampleCount - consumed);
            sampleCount -= consumed;
            samplesStart += consumed;
        }
    }

    @Override
    public boolean hasWindow(long startSample) {
        if (startSample % FrameAnalysis.HOP != 0) {
            return false;
        }
        long f0 = startSample / FrameAnalysis.HOP;
        return f0 >= Math.max(firstFrame, nextFrame - capacity) && f0 + windowFrames <= nextFrame;
    }

    @Override
    public float[] window(long startSample) {
        if (!hasWindow(startSample)) {
            throw new IllegalStateException("acoustic window at sample " + startSample + " is not available");
        }
        long f0 = startSample / FrameAnalysis.HOP;
        float[] out = new float[set.dimension()];
        set.functionals(i -> ring[(int) ((f0 + i) % capacity)], windowFrames, scratch, out);
        return out;
    }
}
