package emostream.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How audio becomes model input. Stored in the ONNX model's metadata so serving computes exactly
 * what training computed; the runtime refuses a model whose feature config it cannot reproduce.
 *
 * @param sampleRate    input rate (16 kHz)
 * @param frameLength   analysis frame in samples (400 = 25 ms)
 * @param hopLength     frame hop in samples (160 = 10 ms)
 * @param melBands      mel filters
 * @param minHz         lowest mel filter edge
 * @param maxHz         highest mel filter edge
 * @param deltaWidth    N of the delta regression (frames each side)
 * @param windowSamples samples per model window (32000 = 2 s)
 * @param acoustic      extra per-window acoustic features, in order (names of {@link AcousticFeature}); may be empty
 */
public record FeatureConfig(
        int sampleRate,
        int frameLength,
        int hopLength,
        int melBands,
        float minHz,
        float maxHz,
        int deltaWidth,
        int windowSamples,
        List<String> acoustic) {

    public static final FeatureConfig DEFAULT =
            new FeatureConfig(16_000, 400, 160, 64, 50f, 8_000f, 2, 32_000, List.of());

    public FeatureConfig {
        acoustic = List.copyOf(acoustic);
        if (sampleRate <= 0 || frameLength <= 0 || hopLength <= 0 || melBands <= 0 || windowSamples < frameLength) {
            throw new IllegalArgumentException("invalid feature config: " + this);
        }
        if (!(minHz >= 0 && maxHz > minHz && maxHz <= sampleRate / 2f)) {
            throw new IllegalArgumentException("mel range must satisfy 0 <= minHz < maxHz <= sampleRate/2: " + minHz + ".." + maxHz);
        }
    }

    /** Spectrogram frames in one window. */
    public int frames() {
        return 1 + (windowSamples - frameLength) / hopLength;
    }

    /** Length of the flattened spec3d tensor: 3 channels x melBands x frames. */
    public int spec3dLength() {
        return 3 * melBands * frames();
    }

    public FeatureConfig withAcoustic(List<String> names) {
        return new FeatureConfig(sampleRate, frameLength, hopLength, melBands, minHz, maxHz, deltaWidth, windowSamples, names);
    }

    public FeatureConfig withMelBands(int bands) {
        return new FeatureConfig(sampleRate, frameLength, hopLength, bands, minHz, maxHz, deltaWidth, windowSamples, acoustic);
    }

    public FeatureConfig withWindowSamples(int samples) {
        return new FeatureConfig(sampleRate, frameLength, hopLength, melBands, minHz, maxHz, deltaWidth, samples, acoustic);
    }

    /** As ONNX metadata_props ({@code feature.*} keys). */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("feature.sample_rate", Integer.toString(sampleRate));
        m.put("feature.frame_length", Integer.toString(frameLength));
        m.put("feature.hop_length", Integer.toString(hopLength));
        m.put("feature.mel_bands", Integer.toString(melBands));
        m.put("feature.min_hz", Float.toString(minHz));
        m.put("feature.max_hz", Float.toString(maxHz));
        m.put("feature.delta_width", Integer.toString(deltaWidth));
        m.put("feature.window_samples", Integer.toString(windowSamples));
        m.put("feature.acoustic", String.join(",", acoustic));
        return m;
    }

    public static FeatureConfig fromMetadata(Map<String, String> m) {
        try {
            String ac = m.getOrDefault("feature.acoustic", "");
            return new FeatureConfig(
                    Integer.parseInt(req(m, "feature.sample_rate")),
                    Integer.parseInt(req(m, "feature.frame_length")),
                    Integer.parseInt(req(m, "feature.hop_length")),
                    Integer.parseInt(req(m, "feature.mel_bands")),
                    Float.parseFloat(req(m, "feature.min_hz")),
                    Float.parseFloat(req(m, "feature.max_hz")),
                    Integer.parseInt(req(m, "feature.delta_width")),
                    Integer.parseInt(req(m, "feature.window_samples")),
                    ac.isBlank() ? List.of() : List.of(ac.split(",")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model metadata has a malformed feature.* value: " + e.getMessage(), e);
        }
    }

    /** A metadata value that must be there (SpeakerNorm reads its keys through this too). */
    static String req(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("model metadata lacks " + key);
        }
        return v;
    }
}
