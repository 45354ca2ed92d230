package emostream.features;

import be.tarsos.dsp.pitch.FastYin;
import be.tarsos.dsp.pitch.PitchDetectionResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Window-level acoustic statistics (pitch, energy, zero-crossing rate) for the features selected in
 * {@link FeatureConfig#acoustic()}, in that order. Raw values: the model normalises them. Not thread-safe.
 */
public final class AcousticExtractor {

    /** YIN analysis buffer: 64 ms, so lags down to 31 Hz fit twice. */
    static final int PITCH_BUFFER = 1024;
    static final float MIN_PITCH_HZ = 60f;
    static final float MAX_PITCH_HZ = 500f;
    /** Frames quieter than this are never called voiced: YIN finds "pitch" in faint noise. */
    static final double VOICED_MIN_DB = -50;

    private final FeatureConfig config;
    private final List<AcousticFeature> features;
    private final int dimension;
    private final FastYin yin;
    private final float[] pitchBuffer = new float[PITCH_BUFFER];

    public AcousticExtractor(FeatureConfig config) {
        this.config = config;
        List<AcousticFeature> fs = new ArrayList<>();
        int dim = 0;
        for (String name : config.acoustic()) {
            AcousticFeature f = AcousticFeature.parse(name);
            fs.add(f);
            dim += f.statistics().size();
        }
        this.features = List.copyOf(fs);
        this.dimension = dim;
        this.yin = features.contains(AcousticFeature.PITCH) ? new FastYin(config.sampleRate(), PITCH_BUFFER) : null;
    }

    /** Length of {@link #extract}'s result; 0 when no acoustic features are configured. */
    public int dimension() {
        return dimension;
    }

    /** Names of the values {@link #extract} returns, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (AcousticFeature f : features) {
            names.addAll(f.statistics());
        }
        return names;
    }

    /** Statistics of the window of {@code config.windowSamples()} samples at {@code pcm[offset]}. */
    public float[] extract(float[] pcm, int offset) {
        float[] out = new float[dimension];
        int i = 0;
        for (AcousticFeature f : features) {
            float[] part = switch (f) {
                case PITCH -> pitch(pcm, offset);
                case ENERGY -> energy(pcm, offset);
                case ZCR -> zcr(pcm, offset);
            };
            System.arraycopy(part, 0, out, i, part.length);
            i += part.length;
        }
        return out;
    }

    private float[] pitch(float[] pcm, int offset) {
        int hop = 2 * config.hopLength();
        int window = config.windowSamples();
        List<Double> semitones = new ArrayList<>();
        int frames = 0;
        for (int start = 0; start + PITCH_BUFFER <= window; start += hop) {
            frames++;
            System.arraycopy(pcm, offset + start, pitchBuffer, 0, PITCH_BUFFER);
            if (rmsDb(pitchBuffer, 0, PITCH_BUFFER) < VOICED_MIN_DB) {
                continue;
            }
            PitchDetectionResult r = yin.getPitch(pitchBuffer);
            float hz = r.getPitch();
            if (r.isPitched() && hz >= MIN_PITCH_HZ && hz <= MAX_PITCH_HZ) {
                semitones.add(12 * Math.log(hz / 100.0) / Math.log(2));
            }
        }
        if (semitones.isEmpty()) {
            return new float[] {0, 0, 0, 0, 0};
        }
        double[] v = semitones.stream().mapToDouble(Double::doubleValue).toArray();
        return new float[] {
                (float) mean(v), (float) std(v), (float) Arrays.stream(v).min().orElse(0),
                (float) Arrays.stream(v).max().orElse(0), (float) v.length / Math.max(frames, 1)};
    }

    private float[] energy(float[] pcm, int offset) {
        double[] db = perFrame(pcm, offset, true);
        double[] sorted = db.clone();
        Arrays.sort(sorted);
        double p10 = sorted[(int) (0.1 * (sorted.length - 1))];
        double p90 = sorted[(int) (0.9 * (sorted.length - 1))];
        double frameSeconds = (double) config.hopLength() / config.sampleRate();
        return new float[] {(float) mean(db), (float) std(db), (float) (p90 - p10), (float) (slope(db) / frameSeconds)};
    }

    private float[] zcr(float[] pcm, int offset) {
        double[] z = perFrame(pcm, offset, false);
        return new float[] {(float) mean(z), (float) std(z)};
    }

    /** Per analysis frame (same frames as the log-mel): RMS in dBFS, or zero crossings per sample. */
    private double[] perFrame(float[] pcm, int offset, boolean rms) {
        int frames = config.frames();
        int len = config.frameLength();
        double[] out = new double[frames];
        for (int t = 0; t < frames; t++) {
            int s = offset + t * config.hopLength();
            if (rms) {
                out[t] = rmsDb(pcm, s, len);
            } else {
                int crossings = 0;
                for (int i = s + 1; i < s + len; i++) {
                    if ((pcm[i - 1] >= 0) != (pcm[i] >= 0)) {
                        crossings++;
                    }
                }
                out[t] = (double) crossings / len;
            }
        }
        return out;
    }

    static double rmsDb(float[] x, int offset, int length) {
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += (double) x[i] * x[i];
        }
        double rms = Math.sqrt(sum / length);
        return 20 * Math.log10(Math.max(rms, 1e-5)); // floor at -100 dBFS
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    /** Least-squares slope of v against its index. */
    private static double slope(double[] v) {
        double n = v.length;
        double mx = (n - 1) / 2;
        double my = mean(v);
        double num = 0;
        double den = 0;
        for (int i = 0; i < v.length; i++) {
            num += (i - mx) * (v[i] - my);
            den += (i - mx) * (i - mx);
        }
        return den == 0 ? 0 : num / den;
    }
}
