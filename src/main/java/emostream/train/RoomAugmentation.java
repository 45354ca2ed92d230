package emostream.train;

import emostream.audio.noise.Degradation;
import emostream.features.FeatureConfig;
import emostream.vad.VadSettings;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training audio that expects real rooms: every clip is added again as the same speaker would sound in another
 * room, once per copy. A room is drawn per speaker and copy, not per clip, because a live stream's speaker stays in
 * one room: the speaker statistics that normalise a stream then see one noise floor, one reverberation, one channel,
 * and training normalises a room copy the same way (its own speaker id, {@code speaker~roomK}).
 *
 * <p>A room: reverberation (half the rooms, RT60 0.2–0.8 s), added noise (most rooms: pink, brown, white or mains
 * hum at 0–20 dB SNR against the active speech level), a gain change (half, −18 to +6 dB) and a telephone channel
 * (a quarter), in that order. The draw is seeded by the speaker and copy, so every run builds the same rooms and
 * their features come from the cache.
 */
final class RoomAugmentation {

    private static final String[] NOISES = {"pink", "pink", "brown", "brown", "white", "hum"};

    private final int copies;
    private final long seed;
    private final FeatureConfig features;
    private final int hop;
    private final Path cacheDir;
    private final VadSettings vad;
    private final Map<String, FeatureCache> caches = new HashMap<>();

    RoomAugmentation(int copies, long seed, FeatureConfig features, int hop, Path cacheDir, VadSettings vad) {
        this.copies = copies;
        this.seed = seed;
        this.features = features;
        this.hop = hop;
        this.cacheDir = cacheDir;
        this.vad = vad;
    }

    int copies() {
        return copies;
    }

    /** The room of {@code speaker} (global id) in copy {@code copy} (1-based). */
    static Degradation room(String speaker, int copy, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + speaker.hashCode() * 31L + copy);
        StringBuilder spec = new StringBuilder();
        if (r.nextDouble() < 0.5) {
            spec.append(String.format(Locale.ROOT, "reverb:%.1f+", 0.2 + 0.1 * r.nextInt(7)));
        }
        if (r.nextDouble() < 0.85 || spec.isEmpty()) {
            spec.append(NOISES[r.nextInt(NOISES.length)]).append(':').append(r.nextInt(21)).append('+');
        }
        if (r.nextDouble() < 0.5) {
            spec.append("gain:").append(-18 + 3 * r.nextInt(9)).append('+');
        }
        if (r.nextDouble() < 0.25) {
            spec.append("phone+");
        }
        return Degradation.parse(spec.substring(0, spec.length() - 1));
    }

    /** Adds {@code copies} room copies of every labelled clip to {@code into}; returns how many clips failed. */
    int addTo(AudioSet into, List<Example> clips, List<String> labels, boolean spec, String name) {
        int failed = 0;
        for (int k = 1; k <= copies; k++) {
            Progress bar = new Progress("rooms " + k + " " + name, clips.size());
            int done = 0;
            for (Example e : clips) {
                int y = labels.indexOf(e.label());
                if (y >= 0) {
                    Degradation d = room(e.globalSpeaker(), k, seed);
                    FeatureCache cache = caches.computeIfAbsent(d.name(),
                            n -> new FeatureCache(features, hop, cacheDir, vad, d));
                    Example copy = new Example(e.id(), e.corpus(), e.speaker() + "~room" + k, e.label(), e.audio(), e.text());
                    if (!cache.load(copy, y, into, spec)) {
                        failed++;
                    }
                }
                bar.step(++done, "");
            }
        }
        return failed;
    }
}
