package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;
import java.util.Random;

/**
 * Trains the fusion layer on frozen audio features and frozen text embeddings. The bundled data has no real
 * audio+text pairs, so each audio window is paired with a text of the same label (label-matched pairs; fresh
 * pairs every batch). Modality dropout: the text is withheld with {@code textDrop}, the audio features are zeroed
 * with {@code audioDrop}, so the layer works with either modality alone.
 */
final class FusionStage {

    /** A fixed set of pairs (validation / test): audio features, text embedding or null, label. */
    record Pairs(float[][] audio, float[][] text, int[] labels) { }

    private final EmotionNet net;

    FusionStage(EmotionNet net) {
        this.net = net;
    }

    Fitter.Result train(float[][] audio, int[] y, List<List<float[]>> textsByLabel, Pairs val, float[][] valAudioProbs,
                        boolean[] allowed,
                        Fitter.Settings s, float[] classWeights, float textDrop, float audioDrop) {
        int d = net.spec().textDim();
        return Fitter.fit("fusion", EmotionNet.trainable(net.fusionBlocks()), Fitter.allParameters(net.fusionBlocks()),
                audio.length, s, net.manager(),
                (bm, idx, rnd) -> {
                    int[] labels = new int[idx.length];
                    float[] text = new float[idx.length * d];
                    float[] present = new float[idx.length];
                    float[] keepAudio = new float[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        labels[i] = y[idx[i]];
                        List<float[]> pool = textsByLabel.get(labels[i]);
                        boolean withText = !pool.isEmpty() && rnd.nextFloat() >= textDrop;
                        if (withText) {
                            System.arraycopy(pool.get(rnd.nextInt(pool.size())), 0, text, i * d, d);
                            present[i] = 1f;
                        }
                        keepAudio[i] = withText && rnd.nextFloat() < audioDrop ? 0f : 1f;
                    }
                    NDArray a = TextStage.stack(bm, audio, idx).mul(bm.create(keepAudio, new Shape(idx.length, 1)));
                    NDArray logits = net.fuse(a, bm.create(text, new Shape(idx.length, d)),
                            bm.create(present, new Shape(idx.length, 1)), true);
                    return Fitter.crossEntropy(logits, labels, classWeights, bm);
                },
                () -> score(val, valAudioProbs, allowed),
                Scores::unweightedAccuracy);
    }

    /** Label-matched pairs for evaluation: each audio item gets a seeded random text of its label (none if the label has no text). */
    static Pairs pair(float[][] audio, int[] y, List<List<float[]>> textsByLabel, long seed) {
        Random r = new Random(seed);
        float[][] text = new float[audio.length][];
        for (int i = 0; i < audio.length; i++) {
            List<float[]> pool = textsByLabel.get(y[i]);
            text[i] = pool.isEmpty() ? null : pool.get(r.nextInt(pool.size()));
        }
        return new Pairs(audio, text, y);
    }

    /** Fused probabilities as the exported graph computes them (audio head when a pair has no text). */
    float[][] probs(Pairs pairs, float[][] audioProbs) {
        int n = pairs.audio().length;
        int d = net.spec().textDim();
        int c = net.spec().classes();
        float[][] out = new float[n][];
        try (NDManager bm = net.manager().newSubManager()) {
            float[] text = new float[n * d];
            float[] present = new float[n];
            for (int i = 0; i < n; i++) {
                if (pairs.text()[i] != null) {
                    System.arraycopy(pairs.text()[i], 0, text, i * d, d);
                    present[i] = 1f;
                }
            }
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            float[] flat = net.fuse(TextStage.stack(bm, pairs.audio(), all), bm.create(text, new Shape(n, d)),
                    bm.create(present, new Shape(n, 1)), false).softmax(1).toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i] = present[i] > 0 ? java.util.Arrays.copyOfRange(flat, i * c, (i + 1) * c) : audioProbs[i];
            }
        }
        return out;
    }

    /** @param audioProbs the audio head's output per item, used where a pair has no text */
    Scores score(Pairs pairs, float[][] audioProbs, boolean[] allowed) {
        float[][] p = probs(pairs, audioProbs);
        int[] pred = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            pred[i] = Scores.argmax(p[i], allowed);
        }
        return Scores.of(pairs.labels(), pred, net.spec().classes());
    }
}
