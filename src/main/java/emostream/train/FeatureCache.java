package emostream.train;

import emostream.audio.AudioFiles;
import emostream.features.AcousticStream;
import emostream.features.ClipWindows;
import emostream.features.FeatureConfig;
import emostream.features.Spec3dExtractor;
import emostream.vad.VadSettings;
import emostream.vad.EnergyGate;
import emostream.vad.SpeechGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Per-clip feature windows (spec3d + acoustic vector), computed once with the serving code's extractors and cached
 * on disk under {@code dir/features-<config hash>/}, keyed by the clip's path, size and modification time. Re-runs
 * read the cache instead of decoding and transforming audio again. Unreadable clips are skipped, named and counted.
 *
 * <p>Only the windows the serving pipeline would send to the model are kept: each clip runs through the same
 * voice-activity gate a stream of that clip would ({@link EnergyGate}, {@code vad.*}), so RAVDESS' long
 * silent lead-ins do not train the model as "emotion". A clip none of whose windows passes keeps its most voiced one.
 */
public final class FeatureCache {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);

    private final FeatureConfig config;
    private final int hopSamples;
    private final Path dir;
    private final Spec3dExtractor spec;
    private final VadSettings vad;
    private final emostream.audio.noise.Degradation degradation;   // null: clean
    private final int acousticDim;
    private int skipped;
    private int computed;
    private int hits;

    /** @param hopSamples hop between windows of one clip (longer clips give several windows) */
    public FeatureCache(FeatureConfig config, int hopSamples, Path cacheRoot) {
        this(config, hopSamples, cacheRoot, VadSettings.ENERGY);
    }

    public FeatureCache(FeatureConfig config, int hopSamples, Path cacheRoot, VadSettings vad) {
        this(config, hopSamples, cacheRoot, vad, null);
    }

    /**
     * @param degradation applied to every clip before its features (null: the clip as recorded); the clip's speech
     *                    windows are still chosen on the clean recording, so a degraded set scores the model on
     *                    the same speech, not on what a gate let through
     */
    public FeatureCache(FeatureConfig config, int hopSamples, Path cacheRoot, VadSettings vad,
                        emostream.audio.noise.Degradation degradation) {
        this.config = config;
        this.degradation = degradation;
        this.hopSamples = hopSamples;
        this.spec = new Spec3dExtractor(config);
        this.vad = vad;
        this.acousticDim = config.acoustic().isEmpty() ? 0 : AcousticStream.dimension(config);
        this.dir = cacheRoot.resolve("features-" + hash(config.toMetadata() + "|hop=" + hopSamples + "|v2|" + vad
                + (degradation == null ? "" : "|" + degradation.name())).substring(0, 12));
    }

    public int acousticDim() {
        return acousticDim;
    }

    public int skipped() {
        return skipped;
    }

    public int computed() {
        return computed;
    }

    public int hits() {
        return hits;
    }

    /** Adds every readable clip's windows to {@code into}; returns false (and logs why) for a clip it skipped. */
    public boolean load(Example clip, int label, AudioSet into) {
        return load(clip, label, into, true);
    }

    /**
     * As {@link #load(Example, int, AudioSet)}; without {@code spec} the windows' spec3d is left out (an empty
     * array): a model without the CNN never reads it, and 5 corpora of spec3d take gigabytes.
     */
    public boolean load(Example clip, int label, AudioSet into, boolean spec) {
        try {
            Windows w = windows(clip.audio());
            List<float[]> s = w.spec;
            if (!spec) {
                s = new ArrayList<>();
                for (int i = 0; i < w.spec.size(); i++) {
                    s.add(new float[0]);
                }
            }
            into.add(clip, label, s, w.acoustic);
            return true;
        } catch (IOException | RuntimeException e) {
            skipped++;
            LOG.warn("skipping {}: {}", clip.audio(), e.getMessage());
            return false;
        }
    }

    record Windows(List<float[]> spec, List<float[]> acoustic) { }

    Windows windows(Path audio) throws IOException {
        Path key = dir.resolve(hash(audio.toAbsolutePath().normalize() + "|" + Files.size(audio) + "|"
                + Files.getLastModifiedTime(audio).toMillis()) + ".bin");
        if (Files.isRegularFile(key)) {
            try {
                Windows w = read(key);
                hits++;
                return w;
            } catch (IOException e) {
                LOG.warn("cache entry {} is unreadable ({}); recomputing", key, e.getMessage());
            }
        }
        float[] pcm = AudioFiles.read(audio);
        if (pcm.length == 0) {
            throw new IOException("no audio samples");
        }
        float[] padded = ClipWindows.fit(pcm, config.windowSamples());
        List<Integer> offsets = ClipWindows.offsets(padded.length, config.windowSamples(), hopSamples);
        SpeechGate gate = new EnergyGate(vad, 0, config.windowSamples() / SpeechGate.GRID);
        gate.push(padded, 0, padded.length);
        if (degradation != null) {
            // the same noise for a clip every run: seeded by its name
            padded = ClipWindows.fit(degradation.apply(pcm, audio.getFileName().toString().hashCode()), config.windowSamples());
        }
        List<float[]> acoustic = acousticDim == 0 ? null : AcousticStream.clip(config, padded, offsets);
        List<float[]> s = new ArrayList<>();
        List<float[]> a = new ArrayList<>();
        int best = 0;
        double bestVoiced = -1;
        for (int i = 0; i < offsets.size(); i++) {
            int off = offsets.get(i);
            SpeechGate.Verdict v = gate.judge(off, Math.min(off + config.windowSamples(), pcm.length));
            if (v.voiced() > bestVoiced) {
                bestVoiced = v.voiced();
                best = i;
            }
            if (v.speech()) {
                s.add(spec.extract(padded, off));
                a.add(acoustic == null ? new float[0] : acoustic.get(i));
            }
        }
        if (s.isEmpty()) {
            s.add(spec.extract(padded, offsets.get(best)));
            a.add(acoustic == null ? new float[0] : acoustic.get(best));
        }
        Windows w = new Windows(s, a);
        write(key, w);
        computed++;
        return w;
    }

    private static Windows read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int n = in.readInt();
            List<float[]> s = new ArrayList<>(n);
            List<float[]> a = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                s.add(readFloats(in));
                a.add(readFloats(in));
            }
            return new Windows(s, a);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int len = in.readInt();
        byte[] b = new byte[len * 4];
        in.readFully(b);
        float[] f = new float[len];
        java.nio.ByteBuffer.wrap(b).asFloatBuffer().get(f);
        return f;
    }

    private void write(Path file, Windows w) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "entry", ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeInt(w.spec.size());
                for (int i = 0; i < w.spec.size(); i++) {
                    writeFloats(out, w.spec.get(i));
                    writeFloats(out, w.acoustic.get(i));
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] f) throws IOException {
        out.writeInt(f.length);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(f.length * 4);
        b.asFloatBuffer().put(f);
        out.write(b.array());
    }

    static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For logs: "n computed, m from cache, k skipped". */
    public Map<String, Integer> counts() {
        return Map.of("computed", computed, "cached", hits, "skipped", skipped);
    }
}
