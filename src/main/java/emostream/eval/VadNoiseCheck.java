package emostream.eval;

import emostream.audio.AudioFiles;
import emostream.audio.noise.Babble;
import emostream.audio.noise.HumNoise;
import emostream.audio.noise.NoiseMixer;
import emostream.audio.noise.NoiseSource;
import emostream.audio.noise.PinkNoise;
import emostream.audio.noise.WhiteNoise;
import emostream.data.Utterance;
import emostream.vad.SileroModel;
import emostream.vad.SpeechGate;
import emostream.vad.SpeechGates;
import emostream.vad.VadSettings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * How voice-activity detection holds in noise, as a live stream sees it: each test speaker's clips laid end to end
 * (one stream per speaker), noise added over the whole stream at an SNR against the active speech level, and every
 * 2 s window (0.5 s hop) judged as {@code StreamSession} judges it. Reported per engine and condition:
 * <ul>
 * <li>retention: of the windows that are speech in the clean stream (by the energy gate, today's reference, and by
 * the engine itself), the share still speech in noise;</li>
 * <li>clips with no speech window (a clip owns the windows whose centre lies in it): what a user loses outright;</li>
 * <li>noise alone, at a fixed level: the share of windows called speech (false alarms).</li>
 * </ul>
 * Babble for the SNR conditions is made of other corpora's talkers (never the test speakers).
 */
public final class VadNoiseCheck {

    private static final int RATE = 16_000;

    /** One speaker's stream: the clips end to end, and where each clip starts. */
    public record SpeakerStream(String speaker, float[] pcm, int[] clipStarts) {
    }

    private final int window;
    private final int hop;

    public VadNoiseCheck(int windowSamples, int hopSamples) {
        this.window = windowSamples;
        this.hop = hopSamples;
    }

    /** Lays each speaker's clips end to end, at most {@code perSpeaker} clips each (in id order). */
    public static List<SpeakerStream> streams(List<Utterance> items, int perSpeaker) throws IOException {
        Map<String, List<Utterance>> bySpeaker = new TreeMap<>();
        for (Utterance u : items) {
            bySpeaker.computeIfAbsent(u.speaker(), k -> new ArrayList<>()).add(u);
        }
        List<SpeakerStream> out = new ArrayList<>();
        for (var e : bySpeaker.entrySet()) {
            List<Utterance> clips = e.getValue().stream().sorted(java.util.Comparator.comparing(Utterance::id))
                    .limit(perSpeaker).toList();
            List<float[]> pcm = new ArrayList<>();
            int total = 0;
            for (Utterance u : clips) {
                float[] x = AudioFiles.read(u.audio());
                pcm.add(x);
                total += x.length;
            }
            float[] all = new float[total];
            int[] starts = new int[pcm.size() + 1];
            int at = 0;
            for (int i = 0; i < pcm.size(); i++) {
                starts[i] = at;
                System.arraycopy(pcm.get(i), 0, all, at, pcm.get(i).length);
                at += pcm.get(i).length;
            }
            starts[pcm.size()] = at;
            out.add(new SpeakerStream(e.getKey(), all, starts));
        }
        return out;
    }

    /** One talker per speaker of {@code items}: a few of their clips end to end, for {@link Babble}. */
    public static List<float[]> babbleVoices(List<Utterance> items, int voices) throws IOException {
        List<float[]> out = new ArrayList<>();
        for (SpeakerStream s : streams(items, 4)) {
            if (out.size() == voices) {
                break;
            }
            out.add(s.pcm());
        }
        return out;
    }

    /** Each window's verdict over a whole stream, fed hop by hop as a live stream would be. */
    public boolean[] verdicts(float[] pcm, SpeechGate gate) {
        int windows = pcm.length < window ? 0 : (pcm.length - window) / hop + 1;
        boolean[] speech = new boolean[windows];
        int fed = 0;
        for (int w = 0; w < windows; w++) {
            int end = w * hop + window;
            gate.push(pcm, fed, end - fed);
            fed = end;
            speech[w] = gate.judge((long) w * hop, end).speech();
        }
        return speech;
    }

    /** Scores of one engine in one condition, summed over speakers. */
    public static final class Tally {
        long reference;        // windows speech in the clean stream by the reference gate
        long kept;             // ... of which still speech here
        long own;              // windows speech in the clean stream by this engine
        long ownKept;
        long clips;
        long clipsLost;        // clips with no speech window here
        long windows;
        long speech;
        long nanos;
        long audioSamples;

        void add(boolean[] ref, boolean[] ownClean, boolean[] here, int[] clipStarts, int window, int hop) {
            for (int w = 0; w < here.length; w++) {
                windows++;
                speech += here[w] ? 1 : 0;
                if (ref[w]) {
                    reference++;
                    kept += here[w] ? 1 : 0;
                }
                if (ownClean[w]) {
                    own++;
                    ownKept += here[w] ? 1 : 0;
                }
            }
            for (int c = 0; c + 1 < clipStarts.length; c++) {
                boolean any = false;
                for (int w = 0; w < here.length && !any; w++) {
                    long centre = (long) w * hop + window / 2;
                    any = here[w] && centre >= clipStarts[c] && centre < clipStarts[c + 1];
                }
                clips++;
                clipsLost += any ? 0 : 1;
            }
        }

        public double retention() {
            return reference == 0 ? Double.NaN : kept / (double) reference;
        }

        public double ownRetention() {
            return own == 0 ? Double.NaN : ownKept / (double) own;
        }

        public double speechShare() {
            return windows == 0 ? Double.NaN : speech / (double) windows;
        }

        /** Milliseconds of detector time per 0.5 s of audio. */
        public double msPerHalfSecond() {
            return audioSamples == 0 ? Double.NaN : nanos / 1e6 / (audioSamples / (RATE * 0.5));
        }
    }

    /** A named noise at a named strength. */
    public record Condition(String name, LongFunction<NoiseSource> noise, double snrDb) {
    }

    /**
     * Runs every condition for each engine over the speakers' streams.
     *
     * @return engine → condition → tally (the first condition is always clean)
     */
    public Map<String, Map<String, Tally>> speechInNoise(List<SpeakerStream> speakers, List<Condition> conditions,
                                                         Map<String, VadSettings> engines, SileroModel model) {
        Map<String, Map<String, Tally>> out = new LinkedHashMap<>();
        VadSettings energy = VadSettings.ENERGY;
        for (var engine : engines.entrySet()) {
            Map<String, Tally> byCondition = new LinkedHashMap<>();
            for (int s = 0; s < speakers.size(); s++) {
                SpeakerStream sp = speakers.get(s);
                boolean[] ref = verdicts(sp.pcm(), SpeechGates.open(energy, null, 0, window));
                boolean[] ownClean = null;
                for (Condition c : conditions) {
                    float[] pcm = c.noise() == null ? sp.pcm() : NoiseMixer.mix(sp.pcm(), c.noise().apply(1000L + s), c.snrDb());
                    long t0 = System.nanoTime();
                    boolean[] here = verdicts(pcm, SpeechGates.open(engine.getValue(), model, 0, window));
                    long dt = System.nanoTime() - t0;
                    if (ownClean == null) {
                        ownClean = here;
                    }
                    Tally t = byCondition.computeIfAbsent(c.name(), k -> new Tally());
                    t.add(ref, ownClean, here, sp.clipStarts(), window, hop);
                    t.nanos += dt;
                    t.audioSamples += pcm.length;
                }
            }
            out.put(engine.getKey(), byCondition);
        }
        return out;
    }

    /** Noise alone at {@code levelDb} (dBFS) for {@code seconds}: the share of windows each engine calls speech. */
    public Map<String, Map<String, Tally>> noiseAlone(Map<String, LongFunction<NoiseSource>> noises, double levelDb,
                                                      int seconds, Map<String, VadSettings> engines, SileroModel model) {
        Map<String, Map<String, Tally>> out = new LinkedHashMap<>();
        for (var engine : engines.entrySet()) {
            Map<String, Tally> byNoise = new LinkedHashMap<>();
            for (var n : noises.entrySet()) {
                float[] pcm = NoiseMixer.add(new float[seconds * RATE], n.getValue().apply(7L), levelDb);
                long t0 = System.nanoTime();
                boolean[] here = verdicts(pcm, SpeechGates.open(engine.getValue(), model, 0, window));
                Tally t = new Tally();
                t.add(here, here, here, new int[] {0}, window, hop);
                t.nanos = System.nanoTime() - t0;
                t.audioSamples = pcm.length;
                byNoise.put(n.getKey(), t);
            }
            out.put(engine.getKey(), byNoise);
        }
        return out;
    }

    /** The standard noises: pink, babble (from {@code babbleVoices}), white, hum. */
    public static Map<String, LongFunction<NoiseSource>> noises(List<float[]> babbleVoices) {
        Map<String, LongFunction<NoiseSource>> m = new LinkedHashMap<>();
        m.put("pink", PinkNoise::new);
        if (babbleVoices.size() >= 2) {
            m.put("babble", seed -> new Babble(babbleVoices, seed));
        }
        m.put("white", WhiteNoise::new);
        m.put("hum", seed -> new HumNoise(seed, 50));
        return m;
    }

    /** The two tables as Markdown. */
    public static String markdown(Map<String, Map<String, Tally>> inNoise, Map<String, Map<String, Tally>> alone,
                                  double aloneDb) {
        StringBuilder sb = new StringBuilder();
        sb.append("| engine | condition | clean-speech windows kept (energy ref) | kept (own clean) | clips with no speech window | detector ms per 0.5 s |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        inNoise.forEach((engine, m) -> m.forEach((c, t) -> sb.append(String.format(Locale.ROOT,
                "| %s | %s | %.1f %% (%d/%d) | %.1f %% | %d of %d | %.2f |%n", engine, c, 100 * t.retention(), t.kept,
                t.reference, 100 * t.ownRetention(), t.clipsLost, t.clips, t.msPerHalfSecond()))));
        sb.append("\n| engine | noise alone at ").append(String.format(Locale.ROOT, "%.0f", aloneDb))
                .append(" dBFS | windows called speech | detector ms per 0.5 s |\n| --- | --- | ---: | ---: |\n");
        alone.forEach((engine, m) -> m.forEach((n, t) -> sb.append(String.format(Locale.ROOT,
                "| %s | %s | %.1f %% (%d/%d) | %.2f |%n", engine, n, 100 * t.speechShare(), t.speech, t.windows,
                t.msPerHalfSecond()))));
        return sb.toString();
    }
}
