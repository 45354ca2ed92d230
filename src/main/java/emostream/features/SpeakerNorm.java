package emostream.features;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Speaker-adaptive normalisation as a model declares it: the global statistics of the raw features (per
 * (channel, band) of spec3d frames, per dimension of the acoustic vector) and how many windows of prior weight they
 * carry. {@link #newStats()} starts one speaker's (or one stream's) {@link SpeakerStats}; its {@code normalise}
 * maps a window onto the global scale with that speaker's own statistics, shrunk toward these global ones while
 * few windows are known. Training (per speaker), evaluation (per test speaker) and serving (per stream) all go
 * through this one class, and the model file carries it in its {@code speaker_norm.*} metadata.
 *
 * @param specMean     [3 * melBands], channel-major, of raw spec3d frames over the training speakers
 * @param specStd      [3 * melBands]
 * @param acMean       [acousticDim] of raw acoustic vectors
 * @param acStd        [acousticDim]
 * @param priorWindows weight of the global statistics, in windows: a speaker's own statistics get the weight
 *                     n / (n + priorWindows) after n windows
 * @param horizon      windows after which old ones fade (exponential forgetting, so a long stream follows a change of
 *                     speaker); 0 = never
 */
public record SpeakerNorm(float[] specMean, float[] specStd, float[] acMean, float[] acStd, double priorWindows,
                          int horizon) {

    public static final String KEY = "speaker_norm";

    public SpeakerNorm {
        specMean = specMean.clone();
        specStd = specStd.clone();
        acMean = acMean.clone();
        acStd = acStd.clone();
        if (specMean.length != specStd.length || acMean.length != acStd.length || specMean.length % 3 != 0) {
            throw new IllegalArgumentException("speaker normalisation statistics have mismatched lengths");
        }
        if (!(priorWindows >= 0) || horizon < 0) {
            throw new IllegalArgumentException("speaker normalisation needs priorWindows >= 0 and horizon >= 0");
        }
    }

    /** Per-(channel, band) rows of spec3d: 3 * melBands. */
    public int rows() {
        return specMean.length;
    }

    public int acousticDim() {
        return acMean.length;
    }

    /** A fresh, empty estimate for one speaker or stream (normalises like the global statistics until it sees audio). */
    public SpeakerStats newStats() {
        return new SpeakerStats(this);
    }

    public SpeakerNorm withPrior(double windows) {
        return new SpeakerNorm(specMean, specStd, acMean, acStd, windows, horizon);
    }

    public SpeakerNorm withHorizon(int windows) {
        return new SpeakerNorm(specMean, specStd, acMean, acStd, priorWindows, windows);
    }

    /** As ONNX metadata_props ({@code speaker_norm} = {@code running}, plus the statistics). */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY, "running");
        m.put(KEY + ".prior_windows", Double.toString(priorWindows));
        m.put(KEY + ".horizon_windows", Integer.toString(horizon));
        m.put(KEY + ".spec_mean", join(specMean));
        m.put(KEY + ".spec_std", join(specStd));
        m.put(KEY + ".acoustic_mean", join(acMean));
        m.put(KEY + ".acoustic_std", join(acStd));
        return m;
    }

    /** The model's speaker normalisation, or null when its metadata declares none (it then takes raw features). */
    public static SpeakerNorm fromMetadata(Map<String, String> m) {
        String mode = m.get(KEY);
        if (mode == null || mode.isBlank() || mode.equals("none")) {
            return null;
        }
        if (!mode.equals("running")) {
            throw new IllegalArgumentException("model metadata " + KEY + " = '" + mode + "' is not supported (running or none)");
        }
        try {
            return new SpeakerNorm(floats(m, KEY + ".spec_mean"), floats(m, KEY + ".spec_std"),
                    floats(m, KEY + ".acoustic_mean"), floats(m, KEY + ".acoustic_std"),
                    Double.parseDouble(FeatureConfig.req(m, KEY + ".prior_windows")),
                    Integer.parseInt(m.getOrDefault(KEY + ".horizon_windows", "0")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model metadata has a malformed " + KEY + ".* value: " + e.getMessage(), e);
        }
    }

    private static float[] floats(Map<String, String> m, String key) {
        String v = FeatureConfig.req(m, key).strip();
        if (v.isEmpty()) {
            return new float[0];
        }
        String[] parts = v.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i].strip());
        }
        return out;
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]); // Float.toString: shortest exact form
        }
        return sb.toString();
    }
}
