package emostream.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An evaluation report: named sections (e.g. {@code fused / all labels}, {@code audio / 4-class},
 * {@code cross-corpus emodb→nemo}), each an {@link Evaluation}, plus provenance notes (model, data, split).
 * Written as Markdown, JSON and one confusion-matrix PNG per section. {@link #write} renders everything in
 * memory first and then moves each finished file into place, so a failure never leaves half-written files.
 */
public final class Report {

    private final String title;
    private final Map<String, String> notes = new LinkedHashMap<>();
    private final List<Map.Entry<String, Evaluation>> sections = new ArrayList<>();
    private final Map<String, List<Evaluation>> folds = new LinkedHashMap<>();
    private final List<Map.Entry<String, String>> tables = new ArrayList<>();
    private final List<Map.Entry<String, Reliability>> reliability = new ArrayList<>();

    public Report(String title) {
        this.title = title;
    }

    /** A provenance line such as {@code model} → {@code models/emostream.onnx}; shown in order. */
    public Report note(String key, String value) {
        notes.put(key, value);
        return this;
    }

    public Report add(String section, Evaluation evaluation) {
        for (Map.Entry<String, Evaluation> s : sections) {
            if (s.getKey().equals(section)) {
                throw new IllegalArgumentException("report already has a section '" + section + "'");
            }
        }
        sections.add(Map.entry(section, evaluation));
        return this;
    }

    /**
     * A cross-validation: the section scores the pooled predictions of all folds (every item once), and the
     * report adds each fold's scores with their mean and standard deviation.
     */
    public Report addFolds(String section, List<Evaluation> perFold) {
        add(section, Evaluation.pooled(perFold));
        folds.put(section, List.copyOf(perFold));
        return this;
    }

    /** A summary table (Markdown rows, header included) shown before the sections, under its own heading. */
    public Report table(String heading, String markdownTable) {
        tables.add(Map.entry(heading, markdownTable));
        return this;
    }

    /** A calibration section: ECE and a reliability-diagram PNG. */
    public Report addReliability(String section, Reliability r) {
        reliability.add(Map.entry(section, r));
        return this;
    }

    public List<Map.Entry<String, Reliability>> reliability() {
        return List.copyOf(reliability);
    }

    public List<Map.Entry<String, Evaluation>> sections() {
        return List.copyOf(sections);
    }

    /** The PNG file name of a section under base name {@code base}: {@code base-fused-4-class.png}. */
    public static String pngName(String base, String section) {
        String slug = section.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return base + "-" + (slug.isEmpty() ? "section" : slug) + ".png";
    }

    public String markdown() {
        return markdown(null);
    }

    private String markdown(String base) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Map.Entry<String, String> n : notes.entrySet()) {
            sb.append("- **").append(n.getKey()).append("**: ").append(n.getValue()).append('\n');
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
        }
        for (Map.Entry<String, String> t : tables) {
            sb.append("## ").append(t.getKey()).append("\n\n").append(t.getValue().strip()).append("\n\n");
        }
        if (!reliability.isEmpty()) {
            sb.append("## Calibration\n\nTop-label confidence against accuracy, ").append(Reliability.BINS)
                    .append(" bins; ECE = expected calibration error (0 = perfectly calibrated).\n\n")
                    .append("| section | n | ECE | mean confidence | accuracy |\n| --- | ---: | ---: | ---: | ---: |\n");
            for (Map.Entry<String, Reliability> r : reliability) {
                Reliability v = r.getValue();
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", r.getKey(), v.items(), v.ece(),
                        v.meanConfidence(), v.overallAccuracy()));
            }
            if (base != null) {
                sb.append('\n');
                for (Map.Entry<String, Reliability> r : reliability) {
                    sb.append("![").append(r.getKey()).append(" reliability](").append(pngName(base, "reliability " + r.getKey()))
                            .append(")\n");
                }
            }
            sb.append('\n');
        }
        if (sections.isEmpty()) {
            return sb.toString();
        }
        sb.append("## Sections\n\n| section | n | accuracy (WA) | UA | macro P | macro R | macro F1 | weighted F1 |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<String, Evaluation> s : sections) {
            Evaluation e = s.getValue();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.3f | %.3f | %.3f | %.3f |%n", s.getKey(),
                    e.count(), pct(e.accuracy()), pct(e.unweightedAccuracy()), e.macroPrecision(), e.macroRecall(),
                    e.macroF1(), e.weightedF1()));
        }
        sb.append("\nWA = overall accuracy; UA = mean per-class recall. Macro means are over the classes present in "
                + "the truth.\n");
        for (Map.Entry<String, Evaluation> s : sections) {
            Evaluation e = s.getValue();
            sb.append("\n## ").append(s.getKey()).append("\n\n");
            List<Evaluation> fs = folds.get(s.getKey());
            if (fs != null) {
                sb.append("Pooled over ").append(fs.size()).append(" folds. Per fold:\n\n")
                        .append("| fold | n | accuracy (WA) | UA | macro F1 | weighted F1 |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
                for (int i = 0; i < fs.size(); i++) {
                    Evaluation f = fs.get(i);
                    sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %.3f | %.3f |%n", i + 1, f.count(),
                            pct(f.accuracy()), pct(f.unweightedAccuracy()), f.macroF1(), f.weightedF1()));
                }
                sb.append(String.format(Locale.ROOT, "| mean ± sd | | %s ± %.1f | %s ± %.1f | %.3f ± %.3f | %.3f ± %.3f |%n%n",
                        pct(mean(fs, Evaluation::accuracy)), 100 * sd(fs, Evaluation::accuracy),
                        pct(mean(fs, Evaluation::unweightedAccuracy)), 100 * sd(fs, Evaluation::unweightedAccuracy),
                        mean(fs, Evaluation::macroF1), sd(fs, Evaluation::macroF1),
                        mean(fs, Evaluation::weightedF1), sd(fs, Evaluation::weightedF1)));
            }
            sb.append("| class | precision | recall | F1 | support | predicted |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (ClassScore c : e.perClass()) {
                sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %d | %d |%n", c.label(), c.precision(),
                        c.recall(), c.f1(), c.support(), c.predicted()));
            }
            sb.append("\nConfusion matrix (rows: true, columns: predicted):\n\n| true \\ predicted |");
            for (String l : e.labels()) {
                sb.append(' ').append(l).append(" |");
            }
            sb.append("\n| --- |").append(" ---: |".repeat(e.labels().size())).append('\n');
            int[][] cm = e.confusion();
            for (int i = 0; i < cm.length; i++) {
                sb.append("| ").append(e.labels().get(i)).append(" |");
                for (int v : cm[i]) {
                    sb.append(' ').append(v).append(" |");
                }
                sb.append('\n');
            }
            if (base != null) {
                String png = pngName(base, s.getKey());
                sb.append("\n![").append(s.getKey()).append(" confusion matrix](").append(png).append(")\n");
            }
        }
        return sb.toString();
    }

    public String json() {
        return json(null);
    }

    private String json(String base) {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("title", title);
        ObjectNode n = root.putObject("notes");
        notes.forEach(n::put);
        ObjectNode tbl = root.putObject("tables");
        tables.forEach(t -> tbl.put(t.getKey(), t.getValue()));
        ArrayNode rel = root.putArray("calibration");
        for (Map.Entry<String, Reliability> r : reliability) {
            Reliability v = r.getValue();
            ObjectNode o = rel.addObject().put("name", r.getKey()).put("n", v.items()).put("ece", v.ece())
                    .put("mean_confidence", v.meanConfidence()).put("accuracy", v.overallAccuracy());
            ArrayNode bins = o.putArray("bins");
            for (int b = 0; b < Reliability.BINS; b++) {
                bins.addObject().put("count", v.count()[b]).put("accuracy", v.accuracy()[b]).put("confidence", v.confidence()[b]);
            }
        }
        ArrayNode arr = root.putArray("sections");
        for (Map.Entry<String, Evaluation> s : sections) {
            Evaluation e = s.getValue();
            ObjectNode o = arr.addObject();
            o.put("name", s.getKey());
            o.put("n", e.count());
            o.put("accuracy", e.accuracy());
            o.put("weighted_accuracy", e.weightedAccuracy());
            o.put("unweighted_accuracy", e.unweightedAccuracy());
            o.put("macro_precision", e.macroPrecision());
            o.put("macro_recall", e.macroRecall());
            o.put("macro_f1", e.macroF1());
            o.put("weighted_f1", e.weightedF1());
            ArrayNode labels = o.putArray("labels");
            e.labels().forEach(labels::add);
            ArrayNode pc = o.putArray("per_class");
            for (ClassScore c : e.perClass()) {
                pc.addObject().put("label", c.label()).put("precision", c.precision()).put("recall", c.recall())
                        .put("f1", c.f1()).put("support", c.support()).put("predicted", c.predicted());
            }
            ArrayNode cm = o.putArray("confusion");
            for (int[] row : e.confusion()) {
                ArrayNode r = cm.addArray();
                for (int v : row) {
                    r.add(v);
                }
            }
            if (base != null) {
                o.put("confusion_png", pngName(base, s.getKey()));
            }
            List<Evaluation> fs = folds.get(s.getKey());
            if (fs != null) {
                ArrayNode fa = o.putArray("folds");
                for (Evaluation f : fs) {
                    fa.addObject().put("n", f.count()).put("accuracy", f.accuracy())
                            .put("unweighted_accuracy", f.unweightedAccuracy()).put("macro_f1", f.macroF1())
                            .put("weighted_f1", f.weightedF1());
                }
                o.putObject("fold_mean").put("accuracy", mean(fs, Evaluation::accuracy))
                        .put("unweighted_accuracy", mean(fs, Evaluation::unweightedAccuracy))
                        .put("macro_f1", mean(fs, Evaluation::macroF1)).put("weighted_f1", mean(fs, Evaluation::weightedF1));
                o.putObject("fold_sd").put("accuracy", sd(fs, Evaluation::accuracy))
                        .put("unweighted_accuracy", sd(fs, Evaluation::unweightedAccuracy))
                        .put("macro_f1", sd(fs, Evaluation::macroF1)).put("weighted_f1", sd(fs, Evaluation::weightedF1));
            }
        }
        try {
            return om.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Writes {@code base.md}, {@code base.json} and {@code base-<section>.png} into {@code dir} (created if needed)
     * and returns the paths. Everything is rendered before the first file is touched.
     */
    public List<Path> write(Path dir, String base) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(base + ".md", markdown(base).getBytes(StandardCharsets.UTF_8));
        files.put(base + ".json", json(base).getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, Evaluation> s : sections) {
            files.put(pngName(base, s.getKey()), ConfusionMatrixImage.png(title + ": " + s.getKey(), s.getValue()));
        }
        for (Map.Entry<String, Reliability> r : reliability) {
            files.put(pngName(base, "reliability " + r.getKey()), r.getValue().png(r.getKey()));
        }
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            Path tmp = Files.createTempFile(dir, "." + f.getKey(), ".tmp");
            try {
                Files.write(tmp, f.getValue());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            written.add(target);
        }
        return written;
    }

    static double mean(List<Evaluation> fs, java.util.function.ToDoubleFunction<Evaluation> m) {
        return fs.stream().mapToDouble(m).average().orElse(0);
    }

    /** Sample standard deviation (n - 1), 0 for a single fold. */
    static double sd(List<Evaluation> fs, java.util.function.ToDoubleFunction<Evaluation> m) {
        if (fs.size() < 2) {
            return 0;
        }
        double mu = mean(fs, m);
        double ss = fs.stream().mapToDouble(m).map(v -> (v - mu) * (v - mu)).sum();
        return Math.sqrt(ss / (fs.size() - 1));
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
