package emostream.train;

import emostream.eval.Predictions;
import emostream.features.SpeakerNorm;
import emostream.model.ModelInput;
import emostream.model.OnnxEmotionModel;
import emostream.model.Prediction;
import emostream.vad.VadSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores an exported model through the serving path: the serving feature extractors (cached), the voice gate, the
 * model's own speaker normalisation, ONNX Runtime. A clip's label is the mean of its speech windows'
 * probabilities, as {@code run --file} reports it. Two states of the speaker statistics:
 * <ul>
 *   <li>{@link State#COLD}: every clip its own stream, normalised with its running statistics only (what
 *       {@code run --file clip.wav} does; a user's first seconds);</li>
 *   <li>{@link State#WARM}: every speaker's clips normalised with that speaker's statistics over all of them
 *       (transductive, no labels: a live session once the voice is known).</li>
 * </ul>
 */
final class ModelScoring {

    enum State { COLD, WARM }

    private static final int BATCH = 128;

    private ModelScoring() {
    }

    /** The feature windows of labelled clips, raw; clips whose label the model lacks are kept (scored over shared labels). */
    static AudioSet windows(OnnxEmotionModel model, List<Example> items, Path cacheDir, int hopSamples, VadSettings vad) {
        return windows(model, items, cacheDir, hopSamples, vad, null);
    }

    /** As above, every clip through {@code degradation} first (null: clean). */
    static AudioSet windows(OnnxEmotionModel model, List<Example> items, Path cacheDir, int hopSamples, VadSettings vad,
                            emostream.audio.noise.Degradation degradation) {
        FeatureCache cache = new FeatureCache(model.info().features(), hopSamples, cacheDir, vad, degradation);
        if (cache.acousticDim() != model.acousticDim()) {
            throw new IllegalArgumentException("the model expects " + model.acousticDim() + " acoustic values but its feature.acoustic "
                    + model.info().features().acoustic() + " gives " + cache.acousticDim());
        }
        AudioSet set = new AudioSet();
        boolean spec = model.info().usesSpec3d();
        for (Example e : items) {
            cache.load(e, -1, set, spec);
        }
        return set;
    }

    /** A normalised copy of {@code raw} in the given state (raw itself when the model has no speaker normalisation). */
    static AudioSet normalised(OnnxEmotionModel model, AudioSet raw, State state) {
        SpeakerNorm norm = model.info().speakerNorm();
        if (norm == null) {
            return raw;
        }
        AudioSet s = raw.copy();
        if (state == State.COLD) {
            s.normalisePerClip(norm);
        } else {
            s.normalisePerSpeaker(norm);
        }
        return s;
    }

    /** Clip-level audio predictions (mean of window probabilities) of a normalised set. */
    static Predictions audio(OnnxEmotionModel model, AudioSet set) {
        return new Predictions(model.info().labels(), truth(set), clipMeans(model, set, null, false));
    }

    static List<String> truth(AudioSet set) {
        List<String> t = new ArrayList<>();
        set.clips.forEach(c -> t.add(c.label()));
        return t;
    }

    /**
     * Per clip: mean over its windows of the audio or (with a text embedding per clip; null = none) fused
     * probabilities.
     */
    static float[][] clipMeans(OnnxEmotionModel model, AudioSet set, float[][] clipText, boolean fused) {
        float[][] windowProbs = new float[set.windows()][];
        for (int from = 0; from < set.windows(); from += BATCH) {
            List<ModelInput> batch = new ArrayList<>();
            int to = Math.min(set.windows(), from + BATCH);
            for (int w = from; w < to; w++) {
                int clip = set.clipOf.get(w);
                batch.add(new ModelInput(set.spec.get(w), set.acoustic.get(w), clipText == null ? null : clipText[clip]));
            }
            List<Prediction> preds = model.predict(batch);
            for (int w = from; w < to; w++) {
                windowProbs[w] = fused ? preds.get(w - from).fused() : preds.get(w - from).audio();
            }
        }
        return set.clipMeans(windowProbs, model.info().labels().size());
    }

    /** The text head's probabilities for sentence embeddings (audio inputs empty). */
    static float[][] text(OnnxEmotionModel model, float[][] emb) {
        float[] spec = new float[model.info().usesSpec3d() ? model.info().features().spec3dLength() : 0];
        float[] ac = new float[model.acousticDim()];
        float[][] out = new float[emb.length][];
        for (int from = 0; from < emb.length; from += BATCH) {
            List<ModelInput> batch = new ArrayList<>();
            for (int i = from; i < Math.min(emb.length, from + BATCH); i++) {
                batch.add(new ModelInput(spec, ac, emb[i]));
            }
            List<Prediction> preds = model.predict(batch);
            for (int i = 0; i < preds.size(); i++) {
                out[from + i] = preds.get(i).text();
            }
        }
        return out;
    }
}
