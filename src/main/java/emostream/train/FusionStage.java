package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains the fusion layer on the two heads' calibrated log-probabilities. The bundled data has no real audio+text
 * pairs, so pairs are composed from held-out audio windows and held-out texts, three kinds in equal parts:
 * <ul>
 *   <li>matched: a text and an audio window of the text's label;</li>
 *   <li>neutral words: audio of any class (drawn class-balanced) with a neutral text, labelled with the audio's
 *       emotion (the voice decides);</li>
 *   <li>neutral voice: neutral audio with any text, labelled with the text's emotion (the words decide).</li>
 * </ul>
 * Texts are drawn as they come (the text corpus's own label mix, mostly neutral), not class-balanced: when the
 * voice gives no evidence the fused output should be the text head's own posterior; balanced texts taught the
 * fusion a uniform prior over the words' emotions, which pulled every flat-voiced sentence away from neutral.
 * Conflicting non-neutral pairs are never made: there is no ground truth for them. The fusion starts as the product
 * of the experts and learns to treat "neutral" from one modality as "no evidence".
 */
final class FusionStage {

    /** A pool of one modality's held-out items: calibrated log-probabilities and labels. */
    record Pool(float[][] logProbs, int[] labels) {
        List<List<Integer>> byClass(int classes) {
            List<List<Integer>> out = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                out.add(new ArrayList<>());
            }
            for (int i = 0; i < labels.length; i++) {
                out.get(labels[i]).add(i);
            }
            return out;
        }
    }

    /** Fixed pairs (validation, test): indices into the pools and the target. */
    record Pairs(int[] audio, int[] text, int[] target) { }

    private final EmotionNet net;
    private final int classes;
    private final int neutral;

    FusionStage(EmotionNet net) {
        this.net = net;
        this.classes = net.spec().classes();
        this.neutral = net.spec().labels().indexOf("neutral");
    }

    /**
     * Draws {@code n} pairs of the three kinds from the pools (seeded); kinds a pool cannot make (no neutral audio,
     * say) are left out.
     *
     * @throws IllegalArgumentException when the pools make no pair at all
     */
    Pairs pairs(Pool audio, Pool text, int n, Random r) {
        return pairs(audio, text, classes, neutral, n, r);
    }

    static Pairs pairs(Pool audio, Pool text, int classes, int neutral, int n, Random r) {
        List<List<Integer>> ab = audio.byClass(classes);
        List<List<Integer>> tb = text.byClass(classes);
        List<Integer> aClasses = nonEmpty(ab);
        List<Integer> tClasses = nonEmpty(tb);
        List<Integer> both = new ArrayList<>(aClasses);
        both.retainAll(tClasses);
        List<Integer> matchable = new ArrayList<>();   // texts whose label some audio has
        for (int c : both) {
            matchable.addAll(tb.get(c));
        }
        List<Integer> allTexts = new ArrayList<>();
        for (int i = 0; i < text.labels().length; i++) {
            allTexts.add(i);
        }
        List<Integer> kinds = new ArrayList<>();
        if (!matchable.isEmpty()) {
            kinds.add(0);
        }
        if (neutral >= 0 && !tb.get(neutral).isEmpty() && !aClasses.isEmpty()) {
            kinds.add(1);
        }
        if (neutral >= 0 && !ab.get(neutral).isEmpty() && !tClasses.isEmpty()) {
            kinds.add(2);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("the audio and text pools share no label and have no neutral items");
        }
        int[] a = new int[n];
        int[] t = new int[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int kind = kinds.get(r.nextInt(kinds.size()));
            int c;
            if (kind == 0) {
                t[i] = pick(matchable, r);
                c = text.labels()[t[i]];
                a[i] = pick(ab.get(c), r);
            } else if (kind == 1) {
                c = aClasses.get(r.nextInt(aClasses.size()));
                a[i] = pick(ab.get(c), r);
                t[i] = pick(tb.get(neutral), r);
            } else {
                t[i] = pick(allTexts, r);
                c = text.labels()[t[i]];
                a[i] = pick(ab.get(neutral), r);
            }
            y[i] = c;
        }
        return new Pairs(a, t, y);
    }

    private static List<Integer> nonEmpty(List<List<Integer>> byClass) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            if (!byClass.get(c).isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private static int pick(List<Integer> items, Random r) {
        return items.get(r.nextInt(items.size()));
    }

    /** @param validation pairs indexing {@code valAudio} and {@code valText} */
    Fitter.Result train(Pool audio, Pool text, Pairs validation, Fitter.Settings s, int pairsPerEpoch, Pool valAudio,
                        Pool valText) {
        return Fitter.fit("fusion", EmotionNet.trainable(net.fusionBlocks()), Fitter.allParameters(net.fusionBlocks()),
                pairsPerEpoch, s, net.manager(),
                (bm, idx, rnd) -> {
                    Pairs p = pairs(audio, text, idx.length, rnd);
                    NDArray logits = logits(bm, audio, text, p, true);
                    return Fitter.crossEntropy(logits, p.target(), null, bm);
                },
                () -> score(valAudio, valText, validation),
                Scores::unweightedAccuracy);
    }

    private NDArray logits(NDManager bm, Pool audio, Pool text, Pairs p, boolean training) {
        int n = p.target().length;
        float[] a = new float[n * classes];
        float[] t = new float[n * classes];
        for (int i = 0; i < n; i++) {
            System.arraycopy(audio.logProbs()[p.audio()[i]], 0, a, i * classes, classes);
            System.arraycopy(text.logProbs()[p.text()[i]], 0, t, i * classes, classes);
        }
        return net.fuse(bm.create(a, new Shape(n, classes)), bm.create(t, new Shape(n, classes)), training);
    }

    /** Fused probabilities of fixed pairs. */
    float[][] probs(Pool audio, Pool text, Pairs p) {
        try (NDManager bm = net.manager().newSubManager()) {
            float[] flat = logits(bm, audio, text, p, false).softmax(1).toFloatArray();
            float[][] out = new float[p.target().length][];
            FunctionalsStage.split(flat, classes, out, 0);
            return out;
        }
    }

    Scores score(Pool audio, Pool text, Pairs p) {
        float[][] probs = probs(audio, text, p);
        int[] pred = new int[probs.length];
        for (int i = 0; i < probs.length; i++) {
            pred[i] = Scores.argmax(probs[i], null);
        }
        return Scores.of(p.target(), pred, classes);
    }
}
