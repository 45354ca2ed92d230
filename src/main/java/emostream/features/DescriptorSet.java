package emostream.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A named set of low-level descriptors and the functionals taken of each over a window: the acoustic feature
 * vector beside spec3d. {@code egemaps} follows eGeMAPS v2 (Eyben et al. 2016) in what it measures — F0, jitter,
 * shimmer, HNR, loudness, F1–F3 with bandwidths and relative energy, alpha ratio, Hammarberg index, spectral slopes,
 * MFCC 1–4, spectral flux, H1–H2, H1–A3, with per-window functionals (means, spreads, percentiles, ranges, rising
 * and falling slopes, temporal features) split into voiced and unvoiced frames where eGeMAPS does — plus MFCC 5–12,
 * spectral centroid, entropy, roll-off and ZCR. It is this project's own implementation, not openSMILE's numbers.
 * Immutable; {@link #newDescriptors()} gives each stream its own stateful components.
 */
public final class DescriptorSet {

    public static final String EGEMAPS = "egemaps";
    /**
     * A ComParE-grade set: the eGeMAPS descriptors plus the 26-band auditory spectrum, MFCC 13–14, spectral
     * moments, slope, roll-off points and band levels; every descriptor and its delta summarised by moments,
     * percentiles, regressions, level times and peaks ({@link #compareItems}).
     */
    public static final String COMPARE = "compare";

    /** Which frames of the window a functional reads. */
    enum Condition {
        /** every frame */
        ALL,
        /** frames above the window's silence threshold */
        SPEECH,
        /** frames with a pitch */
        VOICED,
        /** speech frames without a pitch */
        UNVOICED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One output value: functional of descriptor {@code lld} (or of its delta, the frame-to-frame change, when
     * {@code delta}) over the frames meeting {@code condition}.
     */
    record Item(int lld, Condition condition, Functional functional, String name, boolean delta) { }

    /** A frame is silence when below this absolute level, or this far below the window's loudest frame. */
    static final double SILENCE_DB = -55;
    static final double SILENCE_BELOW_MAX_DB = 35;

    private final String name;
    private final List<String> lldNames;
    private final List<Item> items;
    private final List<String> names;
    private final int f0Index;
    private final int loudnessIndex;
    private final int levelIndex;

    private DescriptorSet(String name) {
        this.name = name;
        List<String> lld = new ArrayList<>();
        for (LowLevelDescriptor d : newDescriptors()) {
            lld.addAll(d.names());
        }
        this.lldNames = List.copyOf(lld);
        this.f0Index = lld.indexOf("f0_st");
        this.loudnessIndex = lld.indexOf("loudness");
        this.levelIndex = lld.indexOf("level_db");
        List<Item> it = new ArrayList<>();
        if (name.equals(COMPARE)) {
            compareItems(it);
        } else {
            egemapsItems(it);
        }
        this.items = List.copyOf(it);
        List<String> n = new ArrayList<>();
        items.forEach(i -> n.add(i.name()));
        n.addAll(Rhythm.NAMES);
        this.names = List.copyOf(n);
    }

    private void egemapsItems(List<Item> it) {
        Functional[] contour = {Moments.MEAN, Moments.STD, Percentiles.of(20), Percentiles.of(50), Percentiles.of(80),
                Percentiles.range(20, 80), ContourSlopes.RISING, ContourSlopes.FALLING};
        add(it, "f0_st", Condition.VOICED, contour);
        add(it, "f0_st", Condition.VOICED, ContourSlopes.TREND);
        add(it, "loudness", Condition.ALL, contour);
        add(it, "loudness", Condition.ALL, Moments.COV);
        add(it, "level_db", Condition.ALL, Moments.MEAN, Percentiles.range(10, 90), ContourSlopes.TREND);
        add(it, "periodicity", Condition.SPEECH, Moments.MEAN);
        for (String v : List.of("jitter", "shimmer_db", "hnr_db", "h1_h2", "h1_a3", "f1", "f2", "f3", "b1", "b2", "b3",
                "f1_rel_db", "f2_rel_db", "f3_rel_db")) {
            add(it, v, Condition.VOICED, Moments.MEAN, Moments.STD);
        }
        for (String v : List.of("alpha_ratio", "hammarberg", "slope_0_500", "slope_500_1500", "flux", "centroid",
                "entropy", "rolloff90", "zcr", "mfcc1", "mfcc2", "mfcc3", "mfcc4")) {
            add(it, v, Condition.VOICED, Moments.MEAN, Moments.STD);
            add(it, v, Condition.UNVOICED, Moments.MEAN);
        }
        for (int c = 5; c <= 12; c++) {
            add(it, "mfcc" + c, Condition.VOICED, Moments.MEAN, Moments.STD);
        }
    }

    /**
     * The compare set's items. Pitch and voice-quality descriptors are read over voiced frames, everything else
     * over speech frames (a window's pauses would otherwise dominate its spectral statistics). Each descriptor
     * gets 14 functionals of its contour and 7 of its delta contour (the delta's mean is near zero by design:
     * its spread, range and shape carry the information).
     */
    private void compareItems(List<Item> it) {
        Functional[] contour = {Moments.MEAN, Moments.STD, ShapeMoments.SKEWNESS, ShapeMoments.KURTOSIS,
                Percentiles.of(10), Percentiles.of(50), Percentiles.of(90), Percentiles.range(10, 90),
                Regression.SLOPE, Regression.ERROR, Regression.CURVATURE, LevelTimes.UP50, LevelTimes.UP90,
                LevelTimes.PEAK_RATE};
        Functional[] delta = {Moments.STD, ShapeMoments.SKEWNESS, ShapeMoments.KURTOSIS, Percentiles.of(10),
                Percentiles.of(90), Percentiles.range(10, 90), LevelTimes.PEAK_RATE};
        List<String> voicedOnly = List.of("f0_st", "jitter", "shimmer_db", "hnr_db", "h1_h2", "h1_a3", "f1", "f2",
                "f3", "b1", "b2", "b3", "f1_rel_db", "f2_rel_db", "f3_rel_db");
        for (String lld : lldNames) {
            Condition c = voicedOnly.contains(lld) ? Condition.VOICED : Condition.SPEECH;
            add(it, lld, c, false, contour);
            add(it, lld, c, true, delta);
        }
    }

    private void add(List<Item> out, String lld, Condition c, Functional... fs) {
        add(out, lld, c, false, fs);
    }

    private void add(List<Item> out, String lld, Condition c, boolean delta, Functional... fs) {
        int i = lldNames.indexOf(lld);
        if (i < 0) {
            throw new IllegalStateException("no descriptor " + lld);
        }
        for (Functional f : fs) {
            out.add(new Item(i, c, f, lld + (delta ? "_de" : "") + "." + c.label() + "." + f.label(), delta));
        }
    }

    /** The set called {@code name} ({@code egemaps} or {@code compare}); the message lists the known names. */
    public static DescriptorSet named(String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException("unknown descriptor set '" + name + "' (known: " + EGEMAPS + ", "
                    + COMPARE + ")");
        }
        return new DescriptorSet(name.strip().toLowerCase(Locale.ROOT));
    }

    public static boolean isName(String name) {
        return name != null && (name.strip().equalsIgnoreCase(EGEMAPS) || name.strip().equalsIgnoreCase(COMPARE));
    }

    public String name() {
        return name;
    }

    /** Fresh descriptor components for one stream, in the order of {@link #lldNames()}. */
    List<LowLevelDescriptor> newDescriptors() {
        MelBands auditory = new MelBands(26, 20, 8000);
        if (name.equals(COMPARE)) {
            return List.of(new PitchDescriptor(), new Loudness(auditory), new VoiceQuality(), new Formants(),
                    new SpectralBalance(), new SpectralShape(), new Mfcc(auditory, 14), new AuditorySpectrum(auditory),
                    new SpectralMoments());
        }
        return List.of(new PitchDescriptor(), new Loudness(auditory), new VoiceQuality(), new Formants(),
                new SpectralBalance(), new SpectralShape(), new Mfcc(auditory, 12));
    }

    /** Per-frame descriptor names. */
    public List<String> lldNames() {
        return lldNames;
    }

    /** Names of the window vector's values, in order. */
    public List<String> names() {
        return names;
    }

    public int dimension() {
        return names.size();
    }

    /** Reusable per-stream buffers for {@link #functionals}. */
    final class Scratch {
        final double[] values;
        final int[] frames;
        final double[] sorted;
        final boolean[] voiced;
        final boolean[] speech;
        final float[] loudness;
        /** The delta contour of {@link #deltaLld} over the current window (a descriptor's delta items are adjacent). */
        final double[] delta;
        int deltaLld = -1;

        Scratch(int maxFrames) {
            delta = new double[maxFrames];
            values = new double[maxFrames];
            frames = new int[maxFrames];
            sorted = new double[maxFrames];
            voiced = new boolean[maxFrames];
            speech = new boolean[maxFrames];
            loudness = new float[maxFrames];
        }
    }

    Scratch newScratch(int maxFrames) {
        return new Scratch(maxFrames);
    }

    /**
     * The window vector from {@code n} consecutive frames' descriptors ({@code frame(i)} gives frame i's values,
     * in {@link #lldNames()} order) into {@code out}. Missing values (no voiced frame, say) are NaN.
     */
    void functionals(FrameSource frames, int n, Scratch s, float[] out) {
        double maxLevel = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            maxLevel = Math.max(maxLevel, frames.frame(i)[levelIndex]);
        }
        double silence = Math.max(SILENCE_DB, maxLevel - SILENCE_BELOW_MAX_DB);
        for (int i = 0; i < n; i++) {
            float[] f = frames.frame(i);
            s.voiced[i] = !Float.isNaN(f[f0Index]);
            s.speech[i] = f[levelIndex] >= silence;
            s.loudness[i] = f[loudnessIndex];
        }
        s.deltaLld = -1;
        for (int k = 0; k < items.size(); k++) {
            Item item = items.get(k);
            if (item.delta() && s.deltaLld != item.lld()) {
                // once per descriptor and window, not once per functional of its delta
                for (int i = 0; i < n; i++) {
                    s.delta[i] = delta(frames, i, n, item.lld());
                }
                s.deltaLld = item.lld();
            }
            int m = 0;
            for (int i = 0; i < n; i++) {
                boolean take = switch (item.condition()) {
                    case ALL -> true;
                    case SPEECH -> s.speech[i];
                    case VOICED -> s.voiced[i];
                    case UNVOICED -> s.speech[i] && !s.voiced[i];
                };
                double v = item.delta() ? s.delta[i] : frames.frame(i)[item.lld()];
                if (take && !Double.isNaN(v)) {
                    s.values[m] = v;
                    s.frames[m] = i;
                    m++;
                }
            }
            double r = item.functional().apply(s.values, s.frames, m, s.sorted);
            out[k] = Double.isFinite(r) ? (float) r : Float.NaN;
        }
        Rhythm.compute(s.voiced, s.speech, s.loudness, n, out, items.size());
    }

    /** The delta of descriptor {@code lld} at frame i: half the change from frame i-1 to i+1 (NaN at a gap). */
    private static double delta(FrameSource frames, int i, int n, int lld) {
        if (i == 0 || i == n - 1) {
            return Double.NaN;
        }
        return 0.5 * ((double) frames.frame(i + 1)[lld] - frames.frame(i - 1)[lld]);
    }

    /** Frame i (0-based within the window) of descriptor values. */
    interface FrameSource {
        float[] frame(int i);
    }
}
