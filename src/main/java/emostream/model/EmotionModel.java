package emostream.model;

import java.util.List;

/**
 * The fused audio+text classifier. One instance is shared by all streams; thread-safe.
 * Pre-processing (spec3d, text embedding) happens before, post-processing (smoothing, events) after.
 */
public interface EmotionModel extends AutoCloseable {

    ModelInfo info();

    /** One prediction per input, same order. Batching many streams' windows into one call is cheaper. */
    List<Prediction> predict(List<ModelInput> batch);

    default Prediction predict(ModelInput input) {
        return predict(List.of(input)).get(0);
    }

    @Override
    void close();
}
