package emostream.train;

import java.util.ArrayList;
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

    public int[] clipLabelArray() {
        return clipLabels.stream().mapToInt(Integer::intValue).toArray();
    }
}
