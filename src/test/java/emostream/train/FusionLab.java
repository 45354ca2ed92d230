package emostream.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import emostream.config.Config;
import emostream.text.MiniLmEncoder;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.*;

/**
 * A bench for the fusion's pair mix (not a test): loads a checkpoint ({@code train} writes one), rebuilds the fusion
 * pools exactly as {@link TrainingRun} does (validation speakers cold and warm, dev texts, the same seeded split),
 * and for each variant trains a fresh fusion and scores it kind by kind on the validation pairs, beside the text
 * head alone. Nothing here touches a test split. Variants: {@code classic} (the three kinds of v2), {@code all}
 * (equal parts of the four kinds), {@code all-wMNVF} (weights of matched, neutral words, neutral voice, flat voice,
 * one digit each), {@code -long} (40 epochs of 50,000 pairs), {@code none} (no correction trained: the base alone). Also prints p(neutral) of the audio head on the held-out
 * synthetic voices against human neutral and emotional voices. Run after {@code mvn -DskipTests package test-compile}:
 * <pre>
 * java -Xmx8g -Dai.djl.offline=true -Demostream.home=. -cp "target/test-classes:target/classes:target/lib/*" \
 *     emostream.train.FusionLab target/checkpoint classic,all,all-w1312
 * </pre>
 */
public final class FusionLab {
    public static void main(String[] args) throws Exception {
        Path ckpt = Path.of(args[0]);
        Config config = Config.load(null, System.getenv(), Map.of("text.encoder.model", "models/text-encoder-ft.onnx"));
        TrainingRun.Options opt = TrainOptions.fromConfig(config);
        TrainingRun.Inputs in = TrainData.fromConfig(config);
        try (NDManager m = NDManager.newBaseManager()) {
            EmotionNet net = Checkpoint.load(ckpt, m);
            EmotionNet fresh = new EmotionNet(net.spec(), net.normalization(), m);
            FeatureCache cache = new FeatureCache(opt.features(), opt.hopSamples(), opt.cacheDir(), opt.vad());
            AudioSet val = TrainingRun.audioSet("validation", in.audioVal(), opt.labels(), cache, opt.cnn());
            AudioSet valCold = val.copy();
            val.normalisePerSpeaker(net.speakerNorm());
            valCold.normalisePerClip(net.speakerNorm());
            float[][] tDev;
            try (MiniLmEncoder enc = new MiniLmEncoder(1, config.path("text.encoder.model"))) {
                tDev = TextEmbeddings.embed("text dev", TrainingRun.texts(in.textDev()), enc, opt.cacheDir());
            }
            int[] yDev = TrainingRun.labelIndex(in.textDev(), opt.labels());
            float[][] devLogits = new TextStage(net).logits(tDev);
            float[][] audioLog = TrainingRun.logSoftmax(concat(TrainingRun.audioLogits(net, val), TrainingRun.audioLogits(net, valCold)));
            int n = val.windows();
            int[] audioY = new int[2 * n];
            int[] audioClip = new int[2 * n];
            boolean[] flat = new boolean[2 * n];
            for (int w = 0; w < n; w++) {
                audioY[w] = val.labels.get(w);
                audioY[w + n] = val.labels.get(w);
                audioClip[w] = val.clipOf.get(w);
                audioClip[w + n] = val.clipOf.get(w);
                flat[w] = val.clips.get(val.clipOf.get(w)).corpus().equals("tts");
                flat[w + n] = flat[w];
            }
            float[][] textLog = TrainingRun.logSoftmax(TrainingRun.scaled(devLogits, net.calibration().textScale()));
            Random r = new Random(opt.seed());
            FusionStage.Pool[] a = TrainingRun.splitPool(audioLog, audioY, audioClip, flat, r);
            int[] ids = new int[yDev.length];
            for (int i = 0; i < ids.length; i++) ids[i] = i;
            FusionStage.Pool[] t = TrainingRun.splitPool(textLog, yDev, ids, new boolean[yDev.length], r);
            int flatN = a[0].flatItems().size(), flatV = a[1].flatItems().size();
            System.out.println("pools: audio train " + a[0].labels().length + " (flat " + flatN + "), val " + a[1].labels().length + " (flat " + flatV + "); texts " + t[0].labels().length + "/" + t[1].labels().length);
            // audio posterior summary: flat vs human neutral vs human emotional (val)
            summary("flat", a[1], i -> a[1].flat()[i]);
            summary("human neutral", a[1], i -> !a[1].flat()[i] && a[1].labels()[i] == 0);
            summary("human emotional", a[1], i -> !a[1].flat()[i] && a[1].labels()[i] != 0);
            FusionStage fusion = new FusionStage(net);
            for (String variant : args[1].split(",")) {
                reset(net, fresh);
                Set<FusionStage.Kind> kinds = variant.startsWith("classic") ? FusionStage.Kind.CLASSIC : FusionStage.Kind.ALL;
                int epochs = variant.contains("long") ? 40 : opt.fusion().epochs();
                Fitter.Settings s = new Fitter.Settings(epochs, variant.contains("long") ? 10 : 5, 256, 1e-3f, 1e-4f, opt.fusion().seed());
                Map<FusionStage.Kind, Integer> w = new EnumMap<>(FusionStage.Kind.class);
                kinds.forEach(k -> w.put(k, 1));
                // weights: variant "w2211" = matched 2, neutral words 2, neutral voice 1, flat 1
                int wi = variant.indexOf('w');
                if (wi >= 0 && variant.length() >= wi + 5 && Character.isDigit(variant.charAt(wi + 1))) {
                    FusionStage.Kind[] ks = FusionStage.Kind.values();
                    for (int k = 0; k < 4; k++) w.put(ks[k], variant.charAt(wi + 1 + k) - '0');
                    w.values().removeIf(x -> x == 0);
                }
                FusionStage.Pairs vp = fusion.pairs(a[1], t[1], kinds, 3000, new Random(opt.seed() + 1));
                StringBuilder sb;
                if (variant.equals("none")) {
                    // no correction: the base alone, either(p_audio, gated p_text)
                    sb = new StringBuilder(String.format("%-16s untrained val %s |", variant, fusion.score(a[1], t[1], vp)));
                } else {
                    Fitter.Result fr = fusion.train(a[0], t[0], w, vp, s, variant.contains("long") ? 50_000 : 20_000, a[1], t[1]);
                    sb = new StringBuilder(String.format("%-16s best %2d val %s |", variant, fr.bestEpoch(), fr.bestScores()));
                }
                for (Map.Entry<FusionStage.Kind, FusionStage.KindScores> k : fusion.scoreByKind(a[1], t[1], 1000, opt.seed() + 7).entrySet()) {
                    sb.append(String.format(" %s %.3f (text %.3f)", k.getKey().name().toLowerCase(), k.getValue().fused().unweightedAccuracy(), k.getValue().textAlone().unweightedAccuracy()));
                }
                System.out.println("RESULT " + sb);
            }
        }
    }

    interface Sel { boolean ok(int i); }

    static void summary(String name, FusionStage.Pool p, Sel sel) {
        double[] bins = new double[5];
        int n = 0; double meanN = 0;
        for (int i = 0; i < p.labels().length; i++) {
            if (!sel.ok(i)) continue;
            double pn = Math.exp(p.logProbs()[i][0]);
            meanN += pn; n++;
            bins[Math.min(4, (int) (pn * 5))]++;
        }
        System.out.printf("audio %s: %d windows, mean p(neutral) %.3f, p(neutral) histogram 0-.2-.4-.6-.8-1: %s%n", name, n, meanN / Math.max(n, 1), Arrays.toString(bins));
    }

    static void reset(EmotionNet net, EmotionNet fresh) {
        copy(fresh.fusion1, net.fusion1);
        copy(fresh.fusion2, net.fusion2);
    }

    static void copy(ai.djl.nn.core.Linear from, ai.djl.nn.core.Linear to) {
        for (String k : from.getParameters().keys()) {
            NDArray src = from.getParameters().get(k).getArray();
            NDArray dst = to.getParameters().get(k).getArray();
            dst.set(FloatBuffer.wrap(src.toFloatArray()));
            dst.setRequiresGradient(true);
        }
    }

    static float[][] concat(float[][] x, float[][] y) {
        float[][] o = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, o, x.length, y.length);
        return o;
    }
}
