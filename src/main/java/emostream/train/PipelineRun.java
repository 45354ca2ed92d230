package emostream.train;

import emostream.audio.noise.Degradation;
import emostream.config.Config;
import emostream.eval.Evaluation;
import emostream.eval.Predictions;
import emostream.eval.Reliability;
import emostream.eval.Report;
import emostream.model.OnnxEmotionModel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate --data SET --pipeline}: a labelled set scored through the serving pipeline, each clip its own
 * stream as {@code run --file} plays it (voice gate, sliding windows, running speaker statistics, Vosk, the text
 * head, the fusion, revisions), once with recognition on (the fused label a user sees) and once without (the audio
 * head alone). The offline scores ({@code evaluate --data}) read features straight from the training path; this one
 * answers what the transcript does to the label on real speech, and, with degradations, what the voice gate and
 * recogniser do in noise.
 */
public final class PipelineRun {

    private PipelineRun() {
    }

    /** A clip's label: mean of its speech windows' final probabilities; no speech window = no label (scored wrong). */
    public static void run(Report report, Config config, String name, List<Example> items, List<Degradation> degradations,
                           java.nio.file.Path clipsCsv) throws IOException {
        StringBuilder csv = new StringBuilder();
        List<PipelinePlayback.Clip> clips = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (Example e : items) {
            clips.add(new PipelinePlayback.Clip(e.id(), e.audio()));
            truth.add(e.label());
        }
        List<String> labels;
        try (OnnxEmotionModel model = OnnxEmotionModel.load(config.path("model.path"), 0)) {
            labels = model.info().labels();
        }
        List<Degradation> conditions = new ArrayList<>();
        conditions.add(null);
        conditions.addAll(degradations);
        StringBuilder table = new StringBuilder("| set | condition | clips without a speech window | clips with a transcript"
                + " | audio only: user-view UA | fused: user-view UA | audio only: 4-class UA | fused: 4-class UA"
                + " | fused ≠ audio: right → wrong | wrong → right |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        Map<String, Integer> heard = new LinkedHashMap<>();
        for (Degradation d : conditions) {
            String condition = d == null ? "clean" : d.name();
            PipelinePlayback.Streams full = PipelinePlayback.play(config, clips, d);
            PipelinePlayback.Streams audioOnly = PipelinePlayback.play(config.with("asr.enabled", "false"), clips, d);
            float[][] fused = new float[clips.size()][];
            float[][] audio = new float[clips.size()][];
            int silent = 0;
            int transcribed = 0;
            for (int i = 0; i < clips.size(); i++) {
                String id = clips.get(i).stream();
                fused[i] = full.meanProbabilities(id, labels);
                audio[i] = audioOnly.meanProbabilities(id, labels);
                if (fused[i] == null || audio[i] == null) {
                    silent++;
                }
                // no speech window: an all-zero row, whose argmax (the first label) is wrong unless that is the truth
                fused[i] = fused[i] == null ? new float[labels.size()] : fused[i];
                audio[i] = audio[i] == null ? new float[labels.size()] : audio[i];
                String text = full.transcript(id).strip();
                if (!text.isEmpty()) {
                    transcribed++;
                    if (d == null) {
                        heard.merge(text, 1, Integer::sum);
                    }
                }
            }
            if (csv.isEmpty()) {
                csv.append("condition,id,label,transcript");
                for (String l : labels) {
                    csv.append(",audio_").append(l);
                }
                for (String l : labels) {
                    csv.append(",fused_").append(l);
                }
                csv.append('\n');
            }
            for (int i = 0; i < clips.size(); i++) {
                csv.append(condition).append(',').append(clips.get(i).stream()).append(',').append(truth.get(i)).append(",\"")
                        .append(full.transcript(clips.get(i).stream()).replace("\"", "\"\"")).append('"');
                for (float v : audio[i]) {
                    csv.append(String.format(Locale.ROOT, ",%.5f", v));
                }
                for (float v : fused[i]) {
                    csv.append(String.format(Locale.ROOT, ",%.5f", v));
                }
                csv.append('\n');
            }
            Predictions fp = new Predictions(labels, truth, fused);
            Predictions ap = new Predictions(labels, truth, audio);
            String prefix = "pipeline / " + name + " / " + condition;
            EvaluationRun.addViews(report, prefix + " / fused", fp);
            EvaluationRun.addViews(report, prefix + " / audio only", ap);
            report.addReliability(prefix + " / fused", Reliability.of(fp));
            int[] flips = flips(fp, ap, labels);
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %s | %s | %s | %d | %d |%n", name, condition,
                    silent, transcribed, pct(ap.view(labels)), pct(fp.view(labels)), four(ap), four(fp), flips[0], flips[1]));
        }
        report.table("Through the serving pipeline (" + name + "): fused (Vosk on) beside audio only", table.toString());
        StringBuilder t = new StringBuilder("| transcript (clean) | clips |\n| --- | ---: |\n");
        heard.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(15)
                .forEach(e -> t.append("| ").append(e.getKey().replace("|", "/")).append(" | ").append(e.getValue()).append(" |\n"));
        report.table("What Vosk heard (" + name + ", the 15 most frequent transcripts of " + heard.values().stream()
                .mapToInt(Integer::intValue).sum() + ")", t.toString());
        if (clipsCsv != null) {
            java.nio.file.Files.createDirectories(clipsCsv.toAbsolutePath().getParent());
            java.nio.file.Files.writeString(clipsCsv, csv);
        }
        report.note("pipeline " + name, items.size() + " clips, each its own stream through the serving pipeline (as `run"
                + " --file`), with recognition and without (asr.enabled=false); clip label = mean of its speech windows'"
                + " final probabilities; user view = argmax over all " + labels.size() + " labels"
                + (clipsCsv != null ? "; every clip's transcript and probabilities in " + clipsCsv.getFileName() : ""));
    }

    /** Clips whose user-view label the transcript changed: [right → wrong, wrong → right]. */
    private static int[] flips(Predictions fused, Predictions audio, List<String> labels) {
        int[] out = new int[2];
        for (int i = 0; i < fused.truth().size(); i++) {
            String t = fused.truth().get(i);
            if (!labels.contains(t)) {
                continue;
            }
            boolean f = labels.get(Scores.argmax(fused.probabilities()[i], null)).equals(t);
            boolean a = labels.get(Scores.argmax(audio.probabilities()[i], null)).equals(t);
            if (a && !f) {
                out[0]++;
            } else if (f && !a) {
                out[1]++;
            }
        }
        return out;
    }

    private static String four(Predictions p) {
        return p.labels().containsAll(Predictions.FOUR_CLASSES) && EvaluationRun.ownClasses(p).containsAll(Predictions.FOUR_CLASSES)
                ? pct(p.view(Predictions.FOUR_CLASSES)) : "–";
    }

    private static String pct(Evaluation e) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * e.unweightedAccuracy());
    }
}
