package emostream.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import emostream.features.FeatureConfig;
import emostream.features.SpeakerNorm;
import emostream.text.MiniLmEncoder;
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
import java.util.Set;

/**
 * One training run, start to finish: feature windows (cached) → normalisation statistics → audio CNN → text head
 * → fusion on label-matched pairs. Validation speakers steer early stopping; test speakers are scored once at the
 * end and never trained on. The result is an {@link EmotionNet} plus the numbers the model card reports.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** Audio splits by speaker; text splits as the corpus defines them (MELD's official train/dev/test). */
    public record Inputs(List<Example> audioTrain, List<Example> audioVal, List<Example> audioTest,
                         List<Example> textTrain, List<Example> textDev, List<Example> textTest) { }

    /** Prior weight (windows) of the global statistics in speaker normalisation; negative = no speaker normalisation. */
    public static final double DEFAULT_SPEAKER_PRIOR = 10;

    public record Options(List<String> labels, FeatureConfig features, int hopSamples, Path cacheDir, long seed,
                          Fitter.Settings audio, Fitter.Settings text, Fitter.Settings fusion,
                          AudioStage.Augment augment, boolean classWeighted, float textDrop, float audioDrop,
                          int[] conv, int[] fc, int textHidden, float dropout, boolean statsPool, int cepstra,
                          float inputDropout, boolean wide, AudioStage.Regimen regimen, double speakerPrior) {

        /** Defaults tuned on the bundled data; tests shrink epochs and sizes. */
        public static Options defaults(List<String> labels, FeatureConfig features, Path cacheDir) {
            return new Options(labels, features, features.sampleRate() / 2, cacheDir, 42,
                    new Fitter.Settings(40, 8, 32, 1e-3f, 1e-4f, 42),
                    new Fitter.Settings(30, 5, 64, 1e-3f, 1e-4f, 43),
                    new Fitter.Settings(20, 5, 64, 1e-3f, 1e-4f, 44),
                    new AudioStage.Augment(0.8f, 2, 20, 2, 8), true, 0.3f, 0.2f,
                    NetSpec.DEFAULT_CONV, NetSpec.DEFAULT_FC, NetSpec.DEFAULT_TEXT_HIDDEN, 0.3f,
                    true, NetSpec.DEFAULT_CEPSTRA, 0f, true, AudioStage.Regimen.PLAIN, DEFAULT_SPEAKER_PRIOR);
        }

        /** Speaker normalisation on: a stream's own statistics get weight n/(n + this) after n windows. */
        public boolean speakerNorm() {
            return speakerPrior >= 0;
        }
    }

    /** The trained net (caller closes it) and what to record: results per part, provenance for the metadata. */
    public record Outcome(EmotionNet net, Map<String, Object> results, Map<String, String> provenance) { }

    private TrainingRun() {
    }

    public static Outcome run(Inputs in, Options opt, NDManager manager) throws IOException {
        long t0 = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) opt.seed());
        List<String> labels = opt.labels();
        Map<String, Object> results = new LinkedHashMap<>();

        // 1. features
        FeatureCache cache = new FeatureCache(opt.features(), opt.hopSamples(), opt.cacheDir());
        AudioSet train = audioSet("train", in.audioTrain(), labels, cache);
        AudioSet val = audioSet("validation", in.audioVal(), labels, cache);
        AudioSet test = audioSet("test", in.audioTest(), labels, cache);
        LOG.info("features: {} (cache {})", cache.counts(), opt.cacheDir());
        if (train.clips.isEmpty() || val.clips.isEmpty()) {
            throw new IllegalArgumentException("no usable training or validation audio (" + cache.skipped() + " clips skipped)");
        }
        Map<String, boolean[]> allowed = corpusLabels(labels, in.audioTrain(), in.audioVal(), in.audioTest());
        Normalization norm = Normalization.fit(train.spec, train.acoustic, opt.features().melBands(), cache.acousticDim());
        SpeakerNorm speakerNorm = null;
        if (opt.speakerNorm()) {
            // every speaker's windows (test speakers too: their own unlabelled audio) mapped onto the global scale
            speakerNorm = new SpeakerNorm(norm.specMean(), norm.specStd(), norm.acMean(), norm.acStd(), opt.speakerPrior(), 0);
            for (AudioSet set : List.of(train, val, test)) {
                set.normalisePerSpeaker(speakerNorm);
            }
            norm = Normalization.fit(train.spec, train.acoustic, opt.features().melBands(), cache.acousticDim());
        }
        NetSpec spec = new NetSpec(labels, opt.features(), cache.acousticDim(), MiniLmEncoder.DIMENSION, opt.conv(), opt.fc(),
                opt.textHidden(), opt.dropout(), opt.statsPool(), opt.statsPool() ? opt.cepstra() : 0, opt.inputDropout(),
                opt.statsPool() && opt.wide());
        EmotionNet net = new EmotionNet(spec, norm, manager);
        net.setSpeakerNorm(speakerNorm);
        try {
            // 2. audio CNN
            AudioStage audio = new AudioStage(net);
            if (spec.statsPool()) {
                float[][] ps = Normalization.vectorStats(audio.pooledStatistics(train), spec.pooledDim());
                net.setNormalization(norm.withPooled(ps[0], ps[1]));
            }
            List<Integer> itemLabels = new ArrayList<>();
            AudioStage.items(train, opt.regimen().corpusBalance()).forEach(c -> itemLabels.add(train.clipLabels.get(c)));
            float[] weights = opt.classWeighted() ? AudioStage.classWeights(itemLabels, labels.size()) : null;
            Fitter.Result ar = audio.train(train, val, allowed, opt.audio(), weights, opt.augment(), opt.regimen());
            Map<String, Object> audioRes = new LinkedHashMap<>();
            audioRes.put("train_windows", train.windows());
            audioRes.put("train_clips", train.clips.size());
            audioRes.put("validation_clips", val.clips.size());
            audioRes.put("best_epoch", ar.bestEpoch());
            audioRes.put("epochs_run", ar.epochsRun());
            audioRes.put("seconds", Math.round(ar.seconds()));
            audioRes.put("validation", scoreMap(ar.bestScores()));
            for (String corpus : corpora(test)) {
                AudioSet part = subset(test, corpus, labels, cache);
                Scores s = audio.score(part, allowed);
                audioRes.put("test_" + corpus, scoreMap(s));
                LOG.info("audio test {} ({} clips, held-out speakers): {}", corpus, part.clips.size(), s);
            }
            results.put("audio", audioRes);

            // 3. text head and 4. fusion, when there is text
            if (!in.textTrain().isEmpty()) {
                try (MiniLmEncoder encoder = new MiniLmEncoder(Runtime.getRuntime().availableProcessors())) {
                    float[][] tTrain = TextEmbeddings.embed("text train", texts(in.textTrain()), encoder, opt.cacheDir());
                    float[][] tDev = TextEmbeddings.embed("text dev", texts(in.textDev()), encoder, opt.cacheDir());
                    float[][] tTest = TextEmbeddings.embed("text test", texts(in.textTest()), encoder, opt.cacheDir());
                    int[] yTrain = labelIndex(in.textTrain(), labels);
                    int[] yDev = labelIndex(in.textDev(), labels);
                    int[] yTest = labelIndex(in.textTest(), labels);
                    boolean[] textAllowed = labelMask(labels, in.textTrain());
                    TextStage text = new TextStage(net);
                    Fitter.Result tr = text.train(tTrain, yTrain, tDev, yDev, textAllowed, opt.text(), null);
                    Map<String, Object> textRes = new LinkedHashMap<>();
                    textRes.put("train_texts", tTrain.length);
                    textRes.put("best_epoch", tr.bestEpoch());
                    textRes.put("seconds", Math.round(tr.seconds()));
                    textRes.put("dev", scoreMap(tr.bestScores()));
                    Scores ts = text.score(tTest, yTest, textAllowed);
                    textRes.put("test", scoreMap(ts));
                    LOG.info("text test ({} texts): {}", tTest.length, ts);
                    results.put("text", textRes);

                    List<List<float[]>> byLabelTrain = byLabel(tTrain, yTrain, labels.size());
                    List<List<float[]>> byLabelDev = byLabel(tDev, yDev, labels.size());
                    List<List<float[]>> byLabelTest = byLabel(tTest, yTest, labels.size());
                    float[][] fTrain = audio.windowFeatures(train);
                    float[][] fVal = audio.windowFeatures(val);
                    int[] yfTrain = train.labels.stream().mapToInt(Integer::intValue).toArray();
                    int[] yfVal = val.labels.stream().mapToInt(Integer::intValue).toArray();
                    FusionStage fusion = new FusionStage(net);
                    FusionStage.Pairs valPairs = FusionStage.pair(fVal, yfVal, byLabelDev, opt.seed());
                    Fitter.Result fr = fusion.train(fTrain, yfTrain, byLabelTrain, valPairs, audio.windowProbs(val), null, opt.fusion(),
                            weights, opt.textDrop(), opt.audioDrop());
                    Map<String, Object> fusionRes = new LinkedHashMap<>();
                    fusionRes.put("pairs", "label-matched (audio window + random text of the same label)");
                    fusionRes.put("best_epoch", fr.bestEpoch());
                    fusionRes.put("validation", scoreMap(fr.bestScores()));
                    if (!test.clips.isEmpty()) {
                        float[][] fTest = audio.windowFeatures(test);
                        int[] yfTest = test.labels.stream().mapToInt(Integer::intValue).toArray();
                        Scores fs = fusion.score(FusionStage.pair(fTest, yfTest, byLabelTest, opt.seed() + 1), audio.windowProbs(test), null);
                        fusionRes.put("test_windows", scoreMap(fs));
                        LOG.info("fusion test (label-matched pairs, test speakers x MELD test texts): {}", fs);
                    }
                    results.put("fusion", fusionRes);
                }
            }
            double minutes = (System.nanoTime() - t0) / 6e10;
            results.put("training_minutes", Math.round(minutes * 10) / 10.0);
            LOG.info(String.format(Locale.ROOT, "training done in %.1f min", minutes));
            return new Outcome(net, results, provenance(in, opt, minutes));
        } catch (RuntimeException | IOException e) {
            net.close();
            throw e;
        }
    }

    private static AudioSet audioSet(String name, List<Example> clips, List<String> labels, FeatureCache cache) {
        AudioSet set = new AudioSet();
        Progress bar = new Progress("features " + name, clips.size());
        int done = 0;
        for (Example e : clips) {
            int y = labels.indexOf(e.label());
            if (y < 0) {
                LOG.warn("skipping {}: label '{}' is not in the label set {}", e.audio(), e.label(), labels);
            } else {
                cache.load(e, y, set);
            }
            bar.step(++done, "");
        }
        LOG.info("{}: {} clips, {} windows", name, set.clips.size(), set.windows());
        return set;
    }

    private static Set<String> corpora(AudioSet set) {
        Set<String> out = new LinkedHashSet<>();
        set.clips.forEach(c -> out.add(c.corpus()));
        return out;
    }

    /** The clips of one corpus (features come from the cache, so this is cheap). */
    private static AudioSet subset(AudioSet set, String corpus, List<String> labels, FeatureCache cache) {
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

    /** Each corpus's label set (a corpus is scored only over the classes it has). */
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

    private static List<String> texts(List<Example> items) {
        List<String> t = new ArrayList<>(items.size());
        for (Example e : items) {
            t.add(e.text() == null ? "" : e.text());
        }
        return t;
    }

    private static int[] labelIndex(List<Example> items, List<String> labels) {
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

    private static List<List<float[]>> byLabel(float[][] emb, int[] y, int classes) {
        List<List<float[]>> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < emb.length; i++) {
            out.get(y[i]).add(emb[i]);
        }
        return out;
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
        p.put("train.speaker_norm", opt.speakerNorm()
                ? "per speaker over all its windows (test speakers: their own unlabelled audio, transductive); prior "
                + opt.speakerPrior() + " windows" : "none");
        p.put("train.regimen", opt.regimen().toString());
        p.put("train.minutes", String.format(Locale.ROOT, "%.1f", minutes));
        p.put("train.fusion_pairs", "label-matched audio/text pairs (no real audio+text pairs in the bundled data)");
        p.put(OnnxExporter.TEXT_ENCODER_KEY, MiniLmEncoder.ID);
        return p;
    }

    private static String speakers(List<Example> items) {
        Set<String> s = new java.util.TreeSet<>();
        items.forEach(e -> s.add(e.globalSpeaker()));
        return String.join(",", s);
    }
}
