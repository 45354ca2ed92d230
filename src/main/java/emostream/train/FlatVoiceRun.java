package emostream.train;

import emostream.audio.Espeak;
import emostream.config.Config;
import emostream.eval.Evaluation;
import emostream.eval.Predictions;
import emostream.eval.Reliability;
import emostream.eval.Report;
import emostream.model.OnnxEmotionModel;
import emostream.publish.EmotionEvent;
import emostream.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The flat-voice test: sentences of a text corpus's test split (MELD) spoken by espeak-ng in several voices — a
 * voice with no emotion in it — through the serving path, each file its own stream as {@code run --file} runs it
 * (Vosk → MiniLM → fused model). With a flat voice the words must decide: scores the fused clip labels (mean of a
 * clip's speech windows' final probabilities) against the sentences' labels, the text head on the gold text and on
 * Vosk's transcript for comparison, and, with speech recognition off, which labels the audio head alone gives the
 * windows (a flat voice should mostly be neutral). Reproducible: a seeded sample, fixed voices, files cached.
 */
public final class FlatVoiceRun {

    private static final Logger LOG = LoggerFactory.getLogger(FlatVoiceRun.class);

    /** espeak-ng voice, words per minute, pitch. */
    static final String[][] VOICES = {{"en-us", "160", "50"}, {"en-us+f3", "150", "60"}, {"en-gb", "165", "45"},
            {"en-us+m3", "140", "40"}, {"en-gb-x-rp+f2", "155", "55"}};
    /** Sentences of any length up to this many words: the test split's own mix of short and long turns. */
    static final int MIN_WORDS = 1;
    static final int MAX_WORDS = 30;

    private FlatVoiceRun() {
    }

    /** A seeded sample of {@code count} test sentences of 1–30 words. */
    public static List<Example> sample(List<Example> test, int count, long seed) {
        return sample(test, count, seed, MIN_WORDS, MAX_WORDS);
    }

    /**
     * The class-balanced variant: {@code perClass} sentences of each label (fewer where a label has fewer), seeded,
     * in a seeded mixed order so every label is spoken by every voice. MELD test is 48 % neutral; a plain sample
     * rewards a model that says neutral to everything, this one rewards following the words.
     */
    public static List<Example> balancedSample(List<Example> test, int perClass, long seed) {
        java.util.Map<String, List<Example>> byLabel = new java.util.TreeMap<>();
        for (Example e : sample(test, Integer.MAX_VALUE, seed, MIN_WORDS, MAX_WORDS)) {
            byLabel.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
        }
        List<Example> out = new ArrayList<>();
        byLabel.values().forEach(l -> out.addAll(l.subList(0, Math.min(perClass, l.size()))));
        Collections.shuffle(out, new Random(seed + 1));
        return out;
    }

    /** A seeded sample of {@code count} sentences with {@code minWords}..{@code maxWords} words. */
    static List<Example> sample(List<Example> test, int count, long seed, int minWords, int maxWords) {
        List<Example> pool = new ArrayList<>();
        for (Example e : test) {
            if (e.text() != null) {
                int words = e.text().strip().split("\\s+").length;
                if (words >= minWords && words <= maxWords) {
                    pool.add(e);
                }
            }
        }
        Collections.shuffle(pool, new Random(seed));
        return pool.subList(0, Math.min(count, pool.size()));
    }

    public static void run(Report report, Config config, List<Example> sentences, Path dir, TextEncoder encoder,
                           TrainingRun.Options opt) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            String[] v = VOICES[i % VOICES.length];
            // the text's hash in the name: a cached file is reused only for the same sentence
            Path wav = dir.resolve(String.format(Locale.ROOT, "s%03d-%s-%s.wav", i, v[0].replace('+', '_'),
                    FeatureCache.hash(sentences.get(i).text()).substring(0, 8)));
            files.add(Espeak.speak(v[0], Integer.parseInt(v[1]), Integer.parseInt(v[2]), sentences.get(i).text(), wav));
        }
        LOG.info("flat voice: {} sentences spoken in {} voices under {}", files.size(), VOICES.length, dir);
        PipelinePlayback.Streams full = play(config, files);
        PipelinePlayback.Streams audioOnly = play(config.with("asr.enabled", "false"), files);

        List<String> labels;
        try (OnnxEmotionModel model = OnnxEmotionModel.load(config.path("model.path"), 0)) {
            labels = model.info().labels();
            List<String> truth = new ArrayList<>();
            sentences.forEach(e -> truth.add(e.label()));
            float[][] fused = new float[files.size()][];
            int silent = 0;
            for (int i = 0; i < files.size(); i++) {
                fused[i] = full.meanProbabilities(name(files.get(i)), labels);
                if (fused[i] == null) {
                    silent++;
                    fused[i] = new float[labels.size()]; // no speech window: no label (argmax 0 counts as wrong unless neutral)
                }
            }
            Predictions fusedP = new Predictions(labels, truth, fused);
            report.add("flat voice / fused (run --file: Vosk → MiniLM → fused)", fusedP.view(labels));
            report.addReliability("flat voice / fused", Reliability.of(fusedP));

            // the text head alone, on the gold sentence and on Vosk's transcript of the spoken one
            List<String> gold = new ArrayList<>();
            List<String> asr = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                gold.add(sentences.get(i).text());
                asr.add(full.transcript(name(files.get(i))));
            }
            float[][] goldEmb = TextEmbeddings.embed("flat-voice gold text", gold, encoder, opt.cacheDir());
            float[][] asrEmb = TextEmbeddings.embed("flat-voice transcripts", asr, encoder, opt.cacheDir());
            report.add("flat voice / text head on the gold sentence", new Predictions(labels, truth,
                    ModelScoring.text(model, goldEmb)).view(labels));
            report.add("flat voice / text head on Vosk's transcript", new Predictions(labels, truth,
                    ModelScoring.text(model, asrEmb)).view(labels));

            Map<String, Integer> windowLabels = new TreeMap<>();
            int windows = 0;
            for (Path f : files) {
                for (EmotionEvent e : audioOnly.finalEvents(name(f))) {
                    if (!e.silence()) {
                        windowLabels.merge(e.label(), 1, Integer::sum);
                        windows++;
                    }
                }
            }
            StringBuilder t = new StringBuilder("| label | audio-only windows | share |\n| --- | ---: | ---: |\n");
            for (String l : labels) {
                int n = windowLabels.getOrDefault(l, 0);
                t.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% |%n", l, n, windows == 0 ? 0 : 100.0 * n / windows));
            }
            report.table("Flat voice: labels of the audio head alone (run --file --no-asr), per speech window", t.toString());
            Evaluation fe = fusedP.view(labels);
            report.note("flat voice", sentences.size() + " " + sentences.get(0).corpus() + " test sentences (seeded sample, "
                    + MIN_WORDS + "–" + MAX_WORDS + " words) spoken by espeak-ng in " + VOICES.length + " voices, each file its"
                    + " own stream through the serving pipeline; fused weighted F1 " + String.format(Locale.ROOT, "%.3f",
                    fe.weightedF1()) + "; " + windows + " audio-only speech windows, "
                    + String.format(Locale.ROOT, "%.1f %%", windows == 0 ? 0 : 100.0 * windowLabels.getOrDefault("neutral", 0) / windows)
                    + " labelled neutral" + (silent > 0 ? "; " + silent + " clips had no speech window" : ""));
        }
    }

    private static String name(Path f) {
        return f.getFileName().toString();
    }

    private static PipelinePlayback.Streams play(Config config, List<Path> files) throws IOException {
        List<PipelinePlayback.Clip> clips = new ArrayList<>();
        files.forEach(f -> clips.add(new PipelinePlayback.Clip(name(f), f)));
        return PipelinePlayback.play(config, clips, null);
    }
}
