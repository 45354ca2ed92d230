package emostream.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import emostream.features.FeatureConfig;
import emostream.features.SpeakerNorm;
import emostream.vad.VadSettings;
import emostream.text.MiniLmEncoder;
import emostream.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One training run, start to finish: feature windows (cached, voice-gated) → speaker-adaptive normalisation →
 * the audio branches (functionals softmax regression, spec3d CNN) → their calibrated combination, fitted on the
 * validation speakers of every corpus, both as a live stream starts (each clip alone, "cold") and once the
 * speaker is known ("warm") → text head and its temperature → fusion on composed pairs. Validation speakers steer
 * early stopping and calibration; test speakers (if any) are scored once at the end and never trained on.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** Audio splits by speaker; text splits as the corpus defines them (MELD's official train/dev/test). */
    public record Inputs(List<Example> audioTrain, List<Example> audioVal, List<Example> audioTest,
                         List<Example> textTrain, List<Example> textDev, List<Example> textTest) { }

    /** Prior weight (windows) of the global statistics in speaker normalisation; negative = no speaker normalisation. */
    public static final double DEFAULT_SPEAKER_PRIOR = 10;

    /**
     * @param cnn          train the spec3d CNN branch
     * @param functionals  train the functionals branch (needs {@code features.acoustic})
     * @param corpusBalance every corpus weighs the same in the audio losses
     * @param corpusMask   the audio softmax runs over the window's corpus's labels only
     */
    public record Options(List<String> labels, FeatureConfig features, int hopSamples, Path cacheDir, long seed,
                          boolean cnn, boolean functionals, Fitter.Settings cnnSettings,
                          Fitter.Settings functionalsSettings, Fitter.Settings text, Fitter.Settings fusion,
                          CnnStage.Augment augment, boolean classWeighted, boolean corpusBalance, boolean corpusMask,
                          int[] conv, int[] fc, int textHidden, int fusionHidden, float dropout, double speakerPrior,
                          VadSettings vad, int rooms, boolean coldTraining) {

        /** Defaults of the shipped recipe; tests shrink epochs and sizes. */
        public static Options defaults(List<String> labels, FeatureConfig features, Path cacheDir) {
            return new Options(labels, features, features.sampleRate() / 2, cacheDir, 42,
                    true, !features.acoustic().isEmpty(),
                    new Fitter.Settings(30, 8, 32, 1e-3f, 1e-4f, 42),
                    new Fitter.Settings(60, 10, 256, 3e-3f, 1e-2f, 45),
                    new Fitter.Settings(30, 5, 64, 1e-3f, 1e-4f, 43),
                    new Fitter.Settings(20, 5, 256, 1e-3f, 1e-4f, 44),
                    new CnnStage.Augment(0.8f, 2, 20, 2, 8), true, true, true,
                    NetSpec.DEFAULT_CONV, NetSpec.DEFAULT_FC, NetSpec.DEFAULT_TEXT_HIDDEN, NetSpec.DEFAULT_FUSION_HIDDEN,
                    0.5f, DEFAULT_SPEAKER_PRIOR, VadSettings.ENERGY, 0, false);
        }

        /** Speaker normalisation on: a stream's own statistics get weight n/(n + this) after n windows. */
        public boolean speakerNorm() {
            return speakerPrior >= 0;
        }

        public Options withBranches(boolean cnn, boolean functionals) {
            return new Options(labels, features, hopSamples, cacheDir, seed, cnn, functionals, cnnSettings,
                    functionalsSettings, text, fusion, augment, classWeighted, corpusBalance, corpusMask, conv, fc,
                    textHidden, fusionHidden, dropout, speakerPrior, vad, rooms, coldTraining);
        }

        public Options withLabels(List<String> labels) {
            return new Options(labels, features, hopSamples, cacheDir, seed, cnn, functionals, cnnSettings,
                    functionalsSettings, text, fusion, augment, classWeighted, corpusBalance, corpusMask, conv, fc,
                    textHidden, fusionHidden, dropout, speakerPrior, vad, rooms, coldTraining);
        }
    }

    /**
     * The trained net (caller closes it), what to record, and the audio calibrations of each branch alone and of
     * both ({@code functionals}, {@code cnn}, {@code both}, as far as trained), so one run reports all three.
     */
    public record Outcome(EmotionNet net, Map<String, Object> results, Map<String, String> provenance,
                          Map<String, Calibration> variants) { }

    private TrainingRun() {
    }

    public static Outcome run(Inputs in, Options opt, NDManager manager) throws IOException {
        return run(in, opt, manager, null);
    }

    /**
     * @param textEncoder the text encoder the head is trained on, as the runtime will run it (e.g. the fine-tuned
     *                    MiniLM of {@code text.encoder.model}); null = the original MiniLM
     */
    public static Outcome run(Inputs in, Options opt, NDManager manager, TextEncoder textEncoder) throws IOException {
        long t0 = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) opt.seed());
        List<String> labels = opt.labels();
        int classes = labels.size();
        Map<String, Object> results = new LinkedHashMap<>();

        // 1. features
        FeatureCache cache = new FeatureCache(opt.features(), opt.hopSamples(), opt.cacheDir(), opt.vad());
        AudioSet train = audioSet("train", in.audioTrain(), labels, cache, opt.cnn());
        AudioSet val = audioSet("validation", in.audioVal(), labels, cache, opt.cnn());
        AudioSet test = audioSet("test", in.audioTest(), labels, cache, opt.cnn());
        LOG.info("features: {} (cache {})", cache.counts(), opt.cacheDir());
        if (train.clips.isEmpty() || val.clips.isEmpty()) {
            throw new IllegalArgumentException("no usable training or validation audio (" + cache.skipped() + " clips skipped)");
        }
        Map<String, boolean[]> allowed = corpusLabels(labels, in.audioTrain(), in.audioVal(), in.audioTest());
        int acDim = cache.acousticDim();
        Normalization norm = Normalization.fit(opt.cnn() ? train.spec : List.of(), train.acoustic, opt.features().melBands(), acDim);
        if (opt.rooms() > 0) {
            // after the global statistics: they are the prior a new stream starts from, and a prior pulled toward
            // noisy rooms makes every clean stream look unusually clean. Validation gets its rooms too: early stopping and calibration then judge the model as it will be used
            RoomAugmentation rooms = new RoomAugmentation(opt.rooms(), opt.seed(), opt.features(), opt.hopSamples(),
                    opt.cacheDir(), opt.vad());
            int failed = rooms.addTo(train, in.audioTrain(), labels, opt.cnn(), "train")
                    + rooms.addTo(val, in.audioVal(), labels, opt.cnn(), "validation");
            LOG.info("rooms: {} copies of every clip; train {} windows, validation {} windows ({} clips failed)",
                    opt.rooms(), train.windows(), val.windows(), failed);
        }
        SpeakerNorm speakerNorm = null;
        AudioSet valCold = val.copy();
        AudioSet trainCold = null;
        if (opt.speakerNorm()) {
            speakerNorm = new SpeakerNorm(norm.specMean(), norm.specStd(), norm.acMean(), norm.acStd(), opt.speakerPrior(), 0);
            if (opt.coldTraining()) {
                // the functionals branch also learns each clip as a stream that has just started (its own few
                // windows against the prior): in noise, per-clip statistics no longer remove the room, and a
                // model that only saw fully normalised speakers collapses there
                trainCold = train.copy();
                trainCold.normalisePerClip(speakerNorm, false);
            }
            // training and validation speakers with all of their windows; test speakers with their own unlabelled
            // audio (transductive); the cold copy of validation as each clip alone, what a new stream sees
            train.normalisePerSpeaker(speakerNorm);
            val.normalisePerSpeaker(speakerNorm);
            test.normalisePerSpeaker(speakerNorm);
            valCold.normalisePerClip(speakerNorm);
            norm = Normalization.fit(opt.cnn() ? train.spec : List.of(), train.acoustic, opt.features().melBands(), acDim);
        }
        NetSpec spec = new NetSpec(labels, opt.features(), acDim, MiniLmEncoder.DIMENSION, opt.cnn(), opt.conv(), opt.fc(),
                opt.functionals(), opt.textHidden(), opt.fusionHidden(), opt.dropout());
        EmotionNet net = new EmotionNet(spec, norm, manager);
        net.setSpeakerNorm(speakerNorm);
        try {
            float[] weights = AudioBranches.windowWeights(train, classes, opt.classWeighted(), opt.corpusBalance());
            Map<String, Object> audioRes = new LinkedHashMap<>();
            audioRes.put("train_windows", train.windows());
            audioRes.put("train_clips", train.clips.size());
            audioRes.put("validation_clips", val.clips.size());

            // 2. audio branches
            FunctionalsStage functionals = null;
            CnnStage cnn = null;
            if (opt.functionals()) {
                functionals = new FunctionalsStage(net);
                AudioSet fTrain = trainCold == null ? train : train.plus(trainCold);
                float[] fWeights = trainCold == null ? weights
                        : AudioBranches.windowWeights(fTrain, classes, opt.classWeighted(), opt.corpusBalance());
                Fitter.Result r = functionals.train(fTrain, val, allowed, opt.functionalsSettings(), fWeights, opt.corpusMask());
                audioRes.put("functionals", stageMap(r));
            }
            if (opt.cnn()) {
                cnn = new CnnStage(net);
                Fitter.Result r = cnn.train(train, val, allowed, opt.cnnSettings(), weights, opt.corpusMask(), opt.augment());
                audioRes.put("cnn", stageMap(r));
            }

            // 3. calibration on validation speakers, cold and warm together
            float[][] lf = null;
            float[][] lc = null;
            if (functionals != null) {
                lf = concat(functionals.windowLogits(val), functionals.windowLogits(valCold));
            }
            if (cnn != null) {
                lc = concat(cnn.windowLogits(val), cnn.windowLogits(valCold));
            }
            int[] yCal = concat(val.labels, val.labels);
            float[] wVal = AudioBranches.windowWeights(val, classes, true, opt.corpusBalance());
            float[] wCal = concat(wVal, wVal);
            Map<String, Calibration> variants = new LinkedHashMap<>();
            if (lf != null) {
                variants.put("functionals", audioCalibration(net, CalibrationFit.audio(lf, null, yCal, wCal, classes)));
            }
            if (lc != null) {
                variants.put("cnn", audioCalibration(net, CalibrationFit.audio(null, lc, yCal, wCal, classes)));
            }
            if (lf != null && lc != null) {
                variants.put("both", audioCalibration(net, CalibrationFit.audio(lf, lc, yCal, wCal, classes)));
            }
            Calibration chosen = variants.containsKey("both") ? variants.get("both") : variants.values().iterator().next();
            net.setCalibration(chosen);
            audioRes.put("calibration", Map.of("functional_scale", chosen.functionalScale(), "cnn_scale", chosen.cnnScale()));
            audioRes.put("validation_warm", scoreMap(clipScores(net, val, allowed)));
            audioRes.put("validation_cold", scoreMap(clipScores(net, valCold, allowed)));
            LOG.info("audio validation (calibrated {}): warm {}, cold {}", variants.keySet(), audioRes.get("validation_warm"),
                    audioRes.get("validation_cold"));
            for (String corpus : corpora(test)) {
                Scores s = clipScores(net, subset(test, corpus), allowed);
                audioRes.put("test_" + corpus, scoreMap(s));
                LOG.info("audio test {} (held-out speakers): {}", corpus, s);
            }
            results.put("audio", audioRes);
            // the training windows are done with: with room copies their spec3d alone is ~3 GB, and the text stage
            // needs that heap for its embeddings (it ran out of an 8 GB heap before this)
            train.release();
            if (trainCold != null) {
                trainCold.release();
            }

            // 4. text head and 5. fusion, when there is text
            if (!in.textTrain().isEmpty()) {
                if (textEncoder != null) {
                    trainText(in, opt, net, val, valCold, results, textEncoder);
                } else {
                    try (MiniLmEncoder encoder = new MiniLmEncoder(Runtime.getRuntime().availableProcessors())) {
                        trainText(in, opt, net, val, valCold, results, encoder);
                    }
                }
            }
            double minutes = (System.nanoTime() - t0) / 6e10;
            results.put("training_minutes", Math.round(minutes * 10) / 10.0);
            LOG.info(String.format(Locale.ROOT, "training done in %.1f min", minutes));
            Map<String, String> prov = provenance(in, opt, minutes);
            prov.put(OnnxExporter.TEXT_ENCODER_KEY, textEncoder != null ? textEncoder.id() : MiniLmEncoder.ID);
            return new Outcome(net, results, prov, variants);
        } catch (RuntimeException | IOException e) {
            net.close();
            throw e;
        }
    }

    private static void trainText(Inputs in, Options opt, EmotionNet net, AudioSet val, AudioSet valCold,
                                  Map<String, Object> results, TextEncoder encoder) throws IOException {
        List<String> labels = opt.labels();
        int classes = labels.size();
        {
            float[][] tTrain = TextEmbeddings.embed("text train", texts(in.textTrain()), encoder, opt.cacheDir());
            float[][] tDev = TextEmbeddings.embed("text dev", texts(in.textDev()), encoder, opt.cacheDir());
            float[][] tTest = TextEmbeddings.embed("text test", texts(in.textTest()), encoder, opt.cacheDir());
            int[] yTrain = labelIndex(in.textTrain(), labels);
            int[] yDev = labelIndex(in.textDev(), labels);
            int[] yTest = labelIndex(in.textTest(), labels);
            boolean[] textAllowed = labelMask(labels, in.textTrain());
            TextStage text = new TextStage(net);
            // classes weigh alike: fear and disgust are 2-3 % of the texts and were never predicted unweighted
            float[] textWeights = opt.classWeighted() ? TextStage.classWeights(yTrain, classes, TextStage.CLASS_WEIGHT_POWER) : null;
            Fitter.Result tr = text.train(tTrain, yTrain, tDev, yDev, textAllowed, opt.text(), textWeights);
            float[][] devLogits = text.logits(tDev);
            net.setCalibration(net.calibration().withTextScale(CalibrationFit.scale(devLogits, yDev, classes)));
            Map<String, Object> textRes = new LinkedHashMap<>();
            textRes.put("train_texts", tTrain.length);
            textRes.put("best_epoch", tr.bestEpoch());
            textRes.put("seconds", Math.round(tr.seconds()));
            textRes.put("dev", scoreMap(tr.bestScores()));
            textRes.put("temperature", 1 / net.calibration().textScale());
            float[] gate = textGate(scaled(devLogits, net.calibration().textScale()), yDev, labels.indexOf("neutral"));
            if (gate != null) {
                net.setCalibration(net.calibration().withTextGate(gate[0], gate[1]));
                textRes.put("fusion_text_gate", Map.of("from", gate[0], "to", gate[1]));
                LOG.info("fusion text gate: an emotion counts from p {} (median over neutral dev texts of their surest"
                        + " emotion), fully from {} (90th percentile)", gate[0], gate[1]);
            }
            Scores ts = text.score(tTest, yTest, textAllowed);
            textRes.put("test", scoreMap(ts));
            LOG.info("text test ({} texts): {}; temperature {}", tTest.length, ts, 1 / net.calibration().textScale());
            results.put("text", textRes);

            // fusion pools: held-out audio windows (validation speakers, cold and warm) and held-out texts (dev);
            // a seeded third of each (by clip and by text) validates, the rest trains
            FusionStage fusion = new FusionStage(net);
            float[][] audioLog = logSoftmax(concat(audioLogits(net, val), audioLogits(net, valCold)));
            int[] audioY = concat(val.labels, val.labels);
            int[] audioClip = new int[audioY.length];
            boolean[] audioFlat = new boolean[audioY.length];
            for (int w = 0; w < val.windows(); w++) {
                audioClip[w] = val.clipOf.get(w);
                audioClip[w + val.windows()] = val.clipOf.get(w);
                // synthetic speech (tts): a voice with no emotion in it, whatever the words it reads
                audioFlat[w] = val.clips.get(val.clipOf.get(w)).corpus().equals(emostream.data.Corpora.SYNTHETIC);
                audioFlat[w + val.windows()] = audioFlat[w];
            }
            float[][] textLog = logSoftmax(scaled(devLogits, net.calibration().textScale()));
            Random r = new Random(opt.seed());
            FusionStage.Pool[] a = splitPool(audioLog, audioY, audioClip, audioFlat, r);
            int[] textIds = new int[yDev.length];
            for (int i = 0; i < textIds.length; i++) {
                textIds[i] = i;
            }
            FusionStage.Pool[] t = splitPool(textLog, yDev, textIds, new boolean[yDev.length], r);
            Map<String, Object> fusionRes = new LinkedHashMap<>();
            try {
                // every kind the pools make: with the tts corpus among the validation voices, flat-voice pairs teach
                // the fusion that a synthetic voice's confident "neutral" is no evidence against the words
                FusionStage.Pairs valPairs = fusion.pairs(a[1], t[1], FusionStage.Kind.ALL, 3000, new Random(opt.seed() + 1));
                Fitter.Result fr = fusion.train(a[0], t[0], FusionStage.Kind.TRAINING_WEIGHTS, valPairs, opt.fusion(),
                        20_000, a[1], t[1]);
                fusionRes.put("pairs", "composed from held-out audio windows and dev texts, in sevenths: matched 1,"
                        + " neutral words 3 (label = voice), neutral voice 1 (human neutral voices, texts in their own"
                        + " mix; label = words), flat voice 2 (held-out tts voices, texts class-balanced; label = words)");
                fusionRes.put("best_epoch", fr.bestEpoch());
                fusionRes.put("validation", scoreMap(fr.bestScores()));
                Map<String, Object> byKind = new LinkedHashMap<>();
                for (Map.Entry<FusionStage.Kind, FusionStage.KindScores> k
                        : fusion.scoreByKind(a[1], t[1], 1000, opt.seed() + 7).entrySet()) {
                    Map<String, Object> m = scoreMap(k.getValue().fused());
                    m.put("text_alone", scoreMap(k.getValue().textAlone()));
                    byKind.put(k.getKey().name().toLowerCase(Locale.ROOT), m);
                }
                fusionRes.put("validation_by_kind", byKind);
                LOG.info("fusion validation by pair kind (1000 each): {}", byKind);
            } catch (IllegalArgumentException e) {
                // too little held-out data to compose pairs: the fusion stays either(p_audio, p_text), untrained
                LOG.warn("fusion not trained ({}); fused = either(calibrated heads)", e.getMessage());
                fusionRes.put("pairs", "none: " + e.getMessage() + "; fused = either(calibrated heads)");
            }
            results.put("fusion", fusionRes);
        }
    }

    /** Splits a pool by group (clip or text) into training and validation parts (2:1, seeded). */
    static FusionStage.Pool[] splitPool(float[][] logProbs, int[] y, int[] group, boolean[] flat, Random r) {
        Map<Integer, Boolean> held = new java.util.HashMap<>();
        List<float[]> aL = new ArrayList<>();
        List<float[]> bL = new ArrayList<>();
        List<Integer> aY = new ArrayList<>();
        List<Integer> bY = new ArrayList<>();
        List<Boolean> aF = new ArrayList<>();
        List<Boolean> bF = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            boolean v = held.computeIfAbsent(group[i], g -> r.nextInt(3) == 0);
            (v ? bL : aL).add(logProbs[i]);
            (v ? bY : aY).add(y[i]);
            (v ? bF : aF).add(flat[i]);
        }
        return new FusionStage.Pool[] {pool(aL, aY, aF), pool(bL, bY, bF)};
    }

    private static FusionStage.Pool pool(List<float[]> logProbs, List<Integer> y, List<Boolean> flat) {
        boolean[] f = new boolean[flat.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = flat.get(i);
        }
        return new FusionStage.Pool(logProbs.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray(), f);
    }

    private static Calibration audioCalibration(EmotionNet net, float[] theta) {
        return net.calibration().withAudio(theta[0], theta[1], java.util.Arrays.copyOfRange(theta, 2, theta.length));
    }

    /** Calibrated audio logits per window, as the exported graph computes them. */
    static float[][] audioLogits(EmotionNet net, AudioSet set) {
        Calibration c = net.calibration();
        float[][] f = net.spec().functionals() && c.functionalScale() != 0 ? new FunctionalsStage(net).windowLogits(set) : null;
        float[][] k = net.spec().cnn() && c.cnnScale() != 0 ? new CnnStage(net).windowLogits(set) : null;
        float[] bias = c.audioBias();
        float[][] out = new float[set.windows()][bias.length];
        for (int w = 0; w < out.length; w++) {
            for (int j = 0; j < bias.length; j++) {
                out[w][j] = bias[j] + (f == null ? 0 : c.functionalScale() * f[w][j]) + (k == null ? 0 : c.cnnScale() * k[w][j]);
            }
        }
        return out;
    }

    /** Clip scores of the calibrated audio head, each clip's argmax over its corpus's labels. */
    static Scores clipScores(EmotionNet net, AudioSet set, Map<String, boolean[]> allowed) {
        return AudioBranches.clipScores(set, audioLogits(net, set), allowed, net.spec().classes());
    }

    /**
     * The fusion's text gate ({@link Calibration}) from dev texts labelled neutral: the median and the 90th percentile
     * of their surest emotion's probability. Null without a neutral label or with fewer than 20 neutral dev texts.
     */
    static float[] textGate(float[][] devLogits, int[] yDev, int neutral) {
        if (neutral < 0) {
            return null;
        }
        float[][] logProbs = logSoftmax(devLogits);
        List<Float> surest = new ArrayList<>();
        for (int i = 0; i < yDev.length; i++) {
            if (yDev[i] != neutral) {
                continue;
            }
            float best = 0;
            for (int c = 0; c < logProbs[i].length; c++) {
                if (c != neutral) {
                    best = Math.max(best, (float) Math.exp(logProbs[i][c]));
                }
            }
            surest.add(best);
        }
        if (surest.size() < 20) {
            return null;
        }
        java.util.Collections.sort(surest);
        float from = surest.get((surest.size() - 1) / 2);
        float to = surest.get((int) (0.9 * (surest.size() - 1)));
        return to > from ? new float[] {from, to} : null;
    }

    static float[][] scaled(float[][] logits, float s) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i].clone();
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] *= s;
            }
        }
        return out;
    }

    static float[][] logSoftmax(float[][] z) {
        float[][] out = new float[z.length][];
        for (int i = 0; i < z.length; i++) {
            float[] p = AudioBranches.softmax(z[i]);
            out[i] = new float[p.length];
            for (int k = 0; k < p.length; k++) {
                out[i][k] = (float) Math.log(Math.max(p[k], 1e-30f));
            }
        }
        return out;
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] concat(List<Integer> a, List<Integer> b) {
        int[] out = new int[a.size() + b.size()];
        for (int i = 0; i < a.size(); i++) {
            out[i] = a.get(i);
        }
        for (int i = 0; i < b.size(); i++) {
            out[a.size() + i] = b.get(i);
        }
        return out;
    }

    private static Map<String, Object> stageMap(Fitter.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best_epoch", r.bestEpoch());
        m.put("epochs_run", r.epochsRun());
        m.put("seconds", Math.round(r.seconds()));
        m.put("validation", scoreMap(r.bestScores()));
        return m;
    }

    static AudioSet audioSet(String name, List<Example> clips, List<String> labels, FeatureCache cache, boolean spec) {
        AudioSet set = new AudioSet();
        Progress bar = new Progress("features " + name, clips.size());
        int done = 0;
        int unlabelled = 0;
        for (Example e : clips) {
            int y = labels.indexOf(e.label());
            if (y < 0) {
                unlabelled++;
            } else {
                cache.load(e, y, set, spec);
            }
            bar.step(++done, "");
        }
        if (unlabelled > 0) {
            LOG.warn("{}: {} clips skipped: label not in the label set {}", name, unlabelled, labels);
        }
        LOG.info("{}: {} clips, {} windows", name, set.clips.size(), set.windows());
        return set;
    }

    private static Set<String> corpora(AudioSet set) {
        Set<String> out = new LinkedHashSet<>();
        set.clips.forEach(c -> out.add(c.corpus()));
        return out;
    }

    /** The clips of one corpus (features already in memory, so this is cheap). */
    static AudioSet subset(AudioSet set, String corpus) {
        AudioSet out = new AudioSet();
        for (int w = 0; w < set.windows(); w++) {
            int clip = set.clipOf.get(w);
            Example e = set.clips.get(clip);
            if (!e.corpus().equals(corpus)) {
                continue;
            }
            if (out.clips.isEmpty() || out.clips.get(out.clips.size() - 1) != e) {
                out.clips.add(e);
                out.clipLabels.add(set.clipLabels.get(clip));
            }
            out.spec.add(set.spec.get(w));
            out.acoustic.add(set.acoustic.get(w));
            out.labels.add(set.labels.get(w));
            out.clipOf.add(out.clips.size() - 1);
        }
        return out;
    }

    /**
     * Each corpus's label set (its windows' softmax runs over it, it is scored over it). A corpus of one label (the
     * synthetic neutral voices) gets all of them: a softmax over one class would teach nothing.
     */
    @SafeVarargs
    static Map<String, boolean[]> corpusLabels(List<String> labels, List<Example>... parts) {
        Map<String, boolean[]> m = new LinkedHashMap<>();
        for (List<Example> part : parts) {
            for (Example e : part) {
                int y = labels.indexOf(e.label());
                if (y >= 0) {
                    m.computeIfAbsent(e.corpus(), k -> new boolean[labels.size()])[y] = true;
                }
            }
        }
        for (boolean[] b : m.values()) {
            int n = 0;
            for (boolean v : b) {
                n += v ? 1 : 0;
            }
            if (n == 1) {
                java.util.Arrays.fill(b, true);
            }
        }
        return m;
    }

    static boolean[] labelMask(List<String> labels, List<Example> items) {
        boolean[] b = new boolean[labels.size()];
        for (Example e : items) {
            int y = labels.indexOf(e.label());
            if (y >= 0) {
                b[y] = true;
            }
        }
        return b;
    }

    static List<String> texts(List<Example> items) {
        List<String> t = new ArrayList<>(items.size());
        for (Example e : items) {
            t.add(e.text() == null ? "" : e.text());
        }
        return t;
    }

    static int[] labelIndex(List<Example> items, List<String> labels) {
        int[] y = new int[items.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.indexOf(items.get(i).label());
            if (y[i] < 0) {
                throw new IllegalArgumentException("text item " + items.get(i).corpus() + ":" + items.get(i).id()
                        + " has label '" + items.get(i).label() + "' outside the label set " + labels);
            }
        }
        return y;
    }

    static Map<String, Object> scoreMap(Scores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s != null) {
            m.put("accuracy", round(s.accuracy()));
            m.put("ua", round(s.unweightedAccuracy()));
            m.put("weighted_f1", round(s.weightedF1()));
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static Map<String, String> provenance(Inputs in, Options opt, double minutes) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("train.audio_speakers", speakers(in.audioTrain()));
        p.put("train.validation_speakers", speakers(in.audioVal()));
        p.put("train.test_speakers", speakers(in.audioTest()));
        p.put("train.text_items", Integer.toString(in.textTrain().size()));
        p.put("train.seed", Long.toString(opt.seed()));
        p.put("train.branches", (opt.functionals() ? "functionals" : "") + (opt.functionals() && opt.cnn() ? "+" : "")
                + (opt.cnn() ? "cnn" : ""));
        p.put("train.speaker_norm", opt.speakerNorm()
                ? "per speaker over all its windows (test speakers: their own unlabelled audio, transductive); prior "
                + opt.speakerPrior() + " windows; at serving time per stream, running" : "none");
        p.put("train.calibration", "audio: branch scales + class bias on validation speakers, cold and warm; text: temperature on dev");
        p.put("train.minutes", String.format(Locale.ROOT, "%.1f", minutes));
        p.put("train.fusion_pairs", "composed pairs (matched, neutral words, neutral voice, flat synthetic voice); no real audio+text pairs in the bundled data");
        p.put(OnnxExporter.TEXT_ENCODER_KEY, MiniLmEncoder.ID);
        return p;
    }

    static String speakers(List<Example> items) {
        Set<String> s = new java.util.TreeSet<>();
        items.forEach(e -> s.add(e.globalSpeaker()));
        return String.join(",", s);
    }
}
