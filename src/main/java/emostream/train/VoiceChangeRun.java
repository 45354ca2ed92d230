package emostream.train;

import emostream.audio.AudioFiles;
import emostream.audio.Espeak;
import emostream.config.Config;
import emostream.eval.Evaluation;
import emostream.eval.Predictions;
import emostream.eval.Report;
import emostream.model.OnnxEmotionModel;
import emostream.publish.EmotionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The words change inside one utterance: two test sentences of different labels read back to back by one flat
 * espeak-ng voice (a 0.15-s pause, shorter than Vosk's endpoint, so mostly one transcript), each stream through the
 * serving pipeline. Every speech window that lies wholly inside one sentence is scored against that sentence's label,
 * once with a window's text = the utterance that overlaps it most ({@code text.window.aligned=false}) and once with
 * the words around it ({@code true}). The voice carries nothing, so what moves a window's label is its text: this
 * measures whether word-aligned text lets labels change inside a long utterance.
 */
public final class VoiceChangeRun {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceChangeRun.class);

    /** Sentences long enough that each holds whole 2-s windows. */
    static final int MIN_WORDS = 8;
    static final int MAX_WORDS = 30;
    private static final double PAUSE_SECONDS = 0.15;

    private VoiceChangeRun() {
    }

    /** One stream: sentence a then b, and where b starts (ms). */
    private record Joined(Example a, Example b, long boundaryMs, float[] pcm) { }

    public static void run(Report report, Config config, List<Example> test, int pairs, Path dir, long seed) throws IOException {
        List<Example> pool = FlatVoiceRun.sample(test, Integer.MAX_VALUE, seed + 11, MIN_WORDS, MAX_WORDS);
        List<Joined> streams = new ArrayList<>();
        Random r = new Random(seed + 12);
        List<Example> left = new ArrayList<>(pool);
        Collections.shuffle(left, r);
        int sr = AudioFiles.SAMPLE_RATE;
        for (int i = 0; i + 1 < left.size() && streams.size() < pairs; i++) {
            Example a = left.get(i);
            // the next sentence with another label: the words must change for the test to say anything
            int j = i + 1;
            while (j < left.size() && left.get(j).label().equals(a.label())) {
                j++;
            }
            if (j >= left.size()) {
                break;
            }
            Example b = left.remove(j);
            String[] v = FlatVoiceRun.VOICES[streams.size() % FlatVoiceRun.VOICES.length];
            float[] pa = AudioFiles.read(speak(dir, v, a));
            float[] pb = AudioFiles.read(speak(dir, v, b));
            int gap = (int) (PAUSE_SECONDS * sr);
            float[] pcm = new float[pa.length + gap + pb.length];
            System.arraycopy(pa, 0, pcm, 0, pa.length);
            System.arraycopy(pb, 0, pcm, pa.length + gap, pb.length);
            streams.add(new Joined(a, b, 1000L * (pa.length + gap) / sr, pcm));
        }
        LOG.info("voice change: {} streams of two sentences with different labels, {} voices", streams.size(),
                FlatVoiceRun.VOICES.length);
        List<String> labels;
        try (OnnxEmotionModel model = OnnxEmotionModel.load(config.path("model.path"), 0)) {
            labels = model.info().labels();
        }
        StringBuilder table = new StringBuilder("| window text (`text.window.aligned`) | windows scored | user-view UA | weighted F1"
                + " | streams whose two sentences got different labels | streams with one final transcript |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (boolean aligned : new boolean[] {false, true}) {
            List<PipelinePlayback.Clip> clips = new ArrayList<>();
            for (int k = 0; k < streams.size(); k++) {
                clips.add(new PipelinePlayback.Clip("change-" + k, null, streams.get(k).pcm()));
            }
            PipelinePlayback.Streams s = PipelinePlayback.play(config.with("text.window.aligned", Boolean.toString(aligned)),
                    clips, null);
            List<String> truth = new ArrayList<>();
            List<float[]> probs = new ArrayList<>();
            int changed = 0;
            int oneTranscript = 0;
            for (int k = 0; k < streams.size(); k++) {
                Joined j = streams.get(k);
                String id = "change-" + k;
                String first = null;
                String second = null;
                for (EmotionEvent e : s.finalEvents(id)) {
                    if (e.silence() || (e.startMs() < j.boundaryMs() && e.endMs() > j.boundaryMs())) {
                        continue; // a window across the change has no one label
                    }
                    boolean inA = e.endMs() <= j.boundaryMs();
                    truth.add(inA ? j.a().label() : j.b().label());
                    float[] p = new float[labels.size()];
                    for (int c = 0; c < p.length; c++) {
                        p[c] = e.probabilities().getOrDefault(labels.get(c), 0.0).floatValue();
                    }
                    probs.add(p);
                    if (inA && first == null) {
                        first = e.label();
                    } else if (!inA) {
                        second = e.label();
                    }
                }
                if (first != null && second != null && !first.equals(second)) {
                    changed++;
                }
                if (s.finalTranscripts(id) == 1) {
                    oneTranscript++;
                }
            }
            Predictions p = new Predictions(labels, truth, probs.toArray(new float[0][]));
            Evaluation user = p.view(labels);
            report.add("voice change / text.window.aligned=" + aligned + " / windows, user view", user);
            table.append(String.format(Locale.ROOT, "| %s | %d | %.1f %% | %.3f | %d of %d | %d |%n", aligned, truth.size(),
                    100 * user.unweightedAccuracy(), user.weightedF1(), changed, streams.size(), oneTranscript));
        }
        report.table("Voice change: two sentences, one flat voice, one stream; windows scored against the sentence they lie in",
                table.toString());
        report.note("voice change", streams.size() + " streams, each two " + pool.get(0).corpus() + " test sentences ("
                + MIN_WORDS + "–" + MAX_WORDS + " words, different labels, seeded) read by one espeak-ng voice with a "
                + PAUSE_SECONDS + "-s pause; windows across the change are not scored");
    }

    private static Path speak(Path dir, String[] v, Example e) throws IOException {
        Path wav = dir.resolve(String.format(Locale.ROOT, "%s-%s.wav", v[0].replace('+', '_'),
                FeatureCache.hash(e.text()).substring(0, 12)));
        return Espeak.speak(v[0], Integer.parseInt(v[1]), Integer.parseInt(v[2]), e.text(), wav);
    }
}
