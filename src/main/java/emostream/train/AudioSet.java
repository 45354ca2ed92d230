package emostream.train;

import emostream.features.SpeakerNorm;
import emostream.features.SpeakerStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * Feature windows of a set of clips, in memory: one or more spec3d windows per clip (long clips give several),
 * their acoustic vectors and the clip each belongs to. Clip-level scores average the windows' probabilities.
 */
public final class AudioSet {

    public final List<Example> clips = new ArrayList<>();
    public final List<float[]> spec = new ArrayList<>();
    public final List<float[]> acoustic = new ArrayList<>();
    /** Label index per window. */
    public final List<Integer> labels = new ArrayList<>();
    /** Clip index per window. */
    public final List<Integer> clipOf = new ArrayList<>();
    /** Label index per clip. */
    public final List<Integer> clipLabels = new ArrayList<>();

    public int windows() {
        return spec.size();
    }

    public void add(Example clip, int label, List<float[]> specWindows, List<float[]> acousticWindows) {
        int c = clips.size();
        clips.add(clip);
        clipLabels.add(label);
        for (int i = 0; i < specWindows.size(); i++) {
            spec.add(specWindows.get(i));
            acoustic.add(acousticWindows.get(i));
            labels.add(label);
            clipOf.add(c);
        }
    }

    /** Per clip, the mean of its windows' probability vectors ({@code windowProbs[w]}, {@code c} values each). */
    public float[][] clipMeans(float[][] windowProbs, int c) {
        float[][] out = new float[clips.size()][c];
        int[] count = new int[clips.size()];
        for (int w = 0; w < windows(); w++) {
            int clip = clipOf.get(w);
            count[clip]++;
            for (int k = 0; k < c; k++) {
                out[clip][k] += windowProbs[w][k];
            }
        }
        for (int i = 0; i < out.length; i++) {
            for (int k = 0; k < c; k++) {
                out[i][k] /= Math.max(count[i], 1);
            }
        }
        return out;
    }

    /**
     * Speaker-adaptive normalisation in place: each speaker's windows mapped with that speaker's statistics over all
     * of its windows here (no labels used), through the same {@link SpeakerStats} the runtime keeps per stream.
     */
    public void normalisePerSpeaker(SpeakerNorm norm) {
        SpeakerNorm batch = norm.withHorizon(0); // statistics over all of a speaker's windows: nothing to forget
        Map<String, SpeakerStats> bySpeaker = new LinkedHashMap<>();
        for (int w = 0; w < windows(); w++) {
            bySpeaker.computeIfAbsent(clips.get(clipOf.get(w)).globalSpeaker(), k -> batch.newStats())
                    .add(spec.get(w), acoustic.get(w));
        }
        for (int w = 0; w < windows(); w++) {
            SpeakerStats s = bySpeaker.get(clips.get(clipOf.get(w)).globalSpeaker());
            spec.set(w, s.normaliseSpec(spec.get(w)));
            acoustic.set(w, s.normaliseAcoustic(acoustic.get(w)));
        }
    }

    /**
     * Serving-time ("cold") normalisation in place: each clip is its own stream, its windows normalised in order
     * with the running statistics of that clip so far, exactly as {@code StreamSession} does for a stream that
     * plays the clip alone ({@code run --file clip.wav}).
     */
    public void normalisePerClip(SpeakerNorm norm) {
        normalisePerClip(norm, true);
    }

    /**
     * As {@link #normalisePerClip(SpeakerNorm)}; without {@code withSpec} the spec3d windows are left as they are (a
     * copy for the functionals branch alone then costs no spec3d memory).
     */
    public void normalisePerClip(SpeakerNorm norm, boolean withSpec) {
        SpeakerStats s = null;
        int clip = -1;
        for (int w = 0; w < windows(); w++) {
            if (clipOf.get(w) != clip) {
                clip = clipOf.get(w);
                s = norm.newStats();
            }
            s.add(spec.get(w), acoustic.get(w));
            if (withSpec) {
                spec.set(w, s.normaliseSpec(spec.get(w)));
            }
            acoustic.set(w, s.normaliseAcoustic(acoustic.get(w)));
        }
    }

    /** This set's clips and windows followed by {@code other}'s (window arrays shared, not copied). */
    public AudioSet plus(AudioSet other) {
        AudioSet c = copy();
        int offset = clips.size();
        c.clips.addAll(other.clips);
        c.clipLabels.addAll(other.clipLabels);
        c.spec.addAll(other.spec);
        c.acoustic.addAll(other.acoustic);
        c.labels.addAll(other.labels);
        for (int clip : other.clipOf) {
            c.clipOf.add(clip + offset);
        }
        return c;
    }

    /** Drops every window and clip (the set is empty afterwards), so its arrays can be collected. */
    public void release() {
        clips.clear();
        spec.clear();
        acoustic.clear();
        labels.clear();
        clipOf.clear();
        clipLabels.clear();
    }

    /** A copy whose window lists can be changed without touching this set (the windows' arrays are shared). */
    public AudioSet copy() {
        AudioSet c = new AudioSet();
        c.clips.addAll(clips);
        c.spec.addAll(spec);
        c.acoustic.addAll(acoustic);
        c.labels.addAll(labels);
        c.clipOf.addAll(clipOf);
        c.clipLabels.addAll(clipLabels);
        return c;
    }

    public int[] clipLabelArray() {
        return clipLabels.stream().mapToInt(Integer::intValue).toArray();
    }
}
