package emostream.model;

import emostream.features.FeatureConfig;
import emostream.features.SpeakerNorm;

import java.util.List;
import java.util.Map;

/**
 * What a model file declares about itself (ONNX metadata_props).
 *
 * @param name      e.g. {@code emostream-fused-v1}, published in every event's {@code model} field
 * @param labels    output order of every head
 * @param features  how its inputs were computed
 * @param textDim   text embedding size it expects (384 for MiniLM), 0 for audio-only models
 * @param metadata  all metadata_props, for the model card and diagnostics
 */
public record ModelInfo(String name, List<String> labels, FeatureConfig features, int textDim, Map<String, String> metadata) {

    public ModelInfo {
        labels = List.copyOf(labels);
        metadata = Map.copyOf(metadata);
    }

    /**
     * The speaker-adaptive normalisation the model expects before its inputs (per stream: {@code newStats()}, add
     * each speech window, feed the normalised window), or null when it takes raw features.
     */
    public SpeakerNorm speakerNorm() {
        return SpeakerNorm.fromMetadata(metadata);
    }

    /** Metadata key naming the audio branches ({@code functionals}, {@code cnn}, comma-separated). */
    public static final String AUDIO_BRANCHES = "audio_branches";

    /**
     * Whether the model reads spec3d: models without the CNN branch declare {@code audio_branches=functionals}, and
     * the caller may then skip computing spec3d (the input is fed as an empty tensor).
     */
    public boolean usesSpec3d() {
        String b = metadata.get(AUDIO_BRANCHES);
        return b == null || b.contains("cnn");
    }
}
