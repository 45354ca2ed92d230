package emostream.train;

import emostream.config.Config;
import emostream.features.FeatureConfig;

import java.nio.file.Path;
import java.util.List;

/** Reads a run's {@link TrainingRun.Options} from the {@code train.*} and {@code features.*} settings. */
public final class TrainOptions {

    private TrainOptions() {
    }

    public static FeatureConfig features(Config c) {
        double window = c.doubleValue("window.seconds", 0.1, 60);
        FeatureConfig f = FeatureConfig.DEFAULT.withMelBands(c.intValue("features.mel.bands", 16, 256))
                .withWindowSamples((int) Math.round(window * FeatureConfig.DEFAULT.sampleRate()))
                .withAcoustic(c.list("features.acoustic"));
        try {
            if (!f.acoustic().isEmpty()) {
                emostream.features.AcousticStream.dimension(f); // rejects unknown names before any work
            }
        } catch (IllegalArgumentException e) {
            throw new emostream.config.ConfigException("features.acoustic", e.getMessage());
        }
        return f;
    }

    public static TrainingRun.Options fromConfig(Config c) {
        FeatureConfig f = features(c);
        long seed = c.longValue("train.seed", 0, Integer.MAX_VALUE);
        int patience = c.intValue("train.patience", 1, 1000);
        Fitter.Settings cnn = new Fitter.Settings(c.intValue("train.epochs", 1, 10_000), patience,
                c.intValue("train.batch", 1, 4096), (float) c.doubleValue("train.learning.rate", 1e-6, 1), 1e-4f, seed,
                (float) c.doubleValue("train.ema", 0, 0.9999));
        Fitter.Settings functionals = new Fitter.Settings(c.intValue("train.functionals.epochs", 1, 10_000), patience, 256,
                (float) c.doubleValue("train.functionals.learning.rate", 1e-6, 1),
                (float) c.doubleValue("train.functionals.l2", 0, 10), seed + 3);
        Fitter.Settings text = new Fitter.Settings(c.intValue("train.text.epochs", 1, 10_000), 5, 64,
                (float) c.doubleValue("train.text.learning.rate", 1e-6, 1), 1e-4f, seed + 1);
        Fitter.Settings fusion = new Fitter.Settings(c.intValue("train.fusion.epochs", 1, 10_000), 5, 256, 1e-3f, 1e-4f, seed + 2);
        TrainingRun.Options d = TrainingRun.Options.defaults(TrainData.labels(c), f, path(c, "train.cache"));
        int hop = (int) Math.round(c.doubleValue("train.window.hop.seconds", 0.01, 60) * f.sampleRate());
        List<String> branches = c.list("train.branches");
        for (String b : branches) {
            if (!b.equals("cnn") && !b.equals("functionals")) {
                throw new emostream.config.ConfigException("train.branches", "'" + b + "' is not a branch (cnn, functionals)");
            }
        }
        boolean withFunctionals = branches.contains("functionals");
        if (branches.isEmpty()) {
            throw new emostream.config.ConfigException("train.branches", "name at least one of cnn, functionals");
        }
        if (withFunctionals && f.acoustic().isEmpty()) {
            throw new emostream.config.ConfigException("train.branches", "functionals needs features.acoustic (e.g. egemaps)");
        }
        return new TrainingRun.Options(d.labels(), f, hop, d.cacheDir(), seed, branches.contains("cnn"), withFunctionals,
                cnn, functionals, text, fusion, c.bool("train.augment") ? d.augment() : CnnStage.Augment.NONE,
                c.bool("train.class.weighted"), c.bool("train.corpus.balance"), c.bool("train.corpus.mask"),
                ints(c, "train.conv", 5), ints(c, "train.fc", 2), c.intValue("train.text.hidden", 1, 4096), d.fusionHidden(), d.dropout(),
                c.bool("train.speaker.norm") ? c.doubleValue("train.speaker.prior.windows", 0, 1e6) : -1,
                emostream.pipeline.PipelineSettings.from(c).vad(), c.intValue("train.augment.rooms", 0, 8),
                c.bool("train.cold"));
    }

    static Path path(Config c, String key) {
        Path p = c.path(key);
        if (p == null) {
            throw new emostream.config.ConfigException(key, "must name a folder");
        }
        return p;
    }

    private static int[] ints(Config c, String key, int n) {
        List<String> parts = c.list(key);
        if (parts.size() != n) {
            throw new emostream.config.ConfigException(key, "needs " + n + " comma-separated widths, got " + parts.size());
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Integer.parseInt(parts.get(i).strip());
            } catch (NumberFormatException e) {
                throw new emostream.config.ConfigException(key, "'" + parts.get(i) + "' is not a whole number");
            }
            if (out[i] < 1 || out[i] > 4096) {
                throw new emostream.config.ConfigException(key, out[i] + " is outside 1..4096");
            }
        }
        return out;
    }
}
