package emostream.features;

import java.util.List;

/**
 * The first model's acoustic set (pitch, energy, ZCR statistics by {@link AcousticExtractor}, which reads a whole
 * window of samples) behind the {@link AcousticStream} interface: keeps the recent samples and extracts on demand.
 */
final class WindowAcousticStream implements AcousticStream {

    private final AcousticExtractor extractor;
    private final int windowSamples;
    private final float[] ring;
    private final float[] window;
    private final long start;
    private long position;

    WindowAcousticStream(FeatureConfig config, long startSample, double extraSeconds) {
        this.extractor = new AcousticExtractor(config);
        this.windowSamples = config.windowSamples();
        this.ring = new float[windowSamples + (int) Math.ceil(extraSeconds * config.sampleRate()) + 1];
        this.window = new float[windowSamples];
        this.start = startSample;
        this.position = startSample;
    }

    @Override
    public int dimension() {
        return extractor.dimension();
    }

    @Override
    public List<String> names() {
        return extractor.names();
    }

    @Override
    public void push(float[] pcm, int offset, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (position++ % ring.length)] = pcm[offset + i];
        }
    }

    @Override
    public boolean hasWindow(long startSample) {
        return startSample >= Math.max(start, position - ring.length) && startSample + windowSamples <= position;
    }

    @Override
    public float[] window(long startSample) {
        if (!hasWindow(startSample)) {
            throw new IllegalStateException("acoustic window at sample " + startSample + " is not available");
        }
        for (int i = 0; i < windowSamples; i++) {
            window[i] = ring[(int) ((startSample + i) % ring.length)];
        }
        return extractor.extract(window, 0);
    }
}
