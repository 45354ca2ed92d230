package emostream.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @TempDir
    Path dir;

    private static Report sample() {
        List<String> labels = List.of("neutral", "happiness", "sadness", "anger");
        int[][] cm = {{40, 5, 4, 1}, {6, 30, 2, 12}, {3, 1, 44, 2}, {0, 9, 1, 40}};
        return new Report("emostream on EmoDB (test speakers 03, 08)")
                .note("model", "models/emostream.onnx")
                .note("split", "fold 1/5")
                .add("fused / 4-class", Evaluation.fromConfusion(labels, cm))
                .add("audio / 4-class", Evaluation.fromConfusion(labels, new int[][] {{1, 0, 0, 0}, {0, 1, 0, 0},
                        {0, 0, 1, 0}, {0, 0, 0, 1}}));
    }

    @Test
    void writesMarkdownJsonAndOnePngPerSection() throws IOException {
        List<Path> files = sample().write(dir.resolve("out"), "report");
        assertEquals(List.of("report.md", "report.json", "report-fused-4-class.png", "report-audio-4-class.png"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        try (var s = Files.list(dir.resolve("out"))) {
            assertEquals(4, s.count(), "no temporary files left behind");
        }

        String md = Files.readString(dir.resolve("out/report.md"));
        assertTrue(md.startsWith("# emostream on EmoDB (test speakers 03, 08)\n"), md);
        assertTrue(md.contains("- **model**: models/emostream.onnx"));
        assertTrue(md.contains("| fused / 4-class | 200 | 77.0% | 77.0% |"), md);
        assertTrue(md.contains("| happiness | 0.667 | 0.600 | 0.632 | 50 | 45 |"), md);
        assertTrue(md.contains("| anger | 0 | 9 | 1 | 40 |"), md);
        assertTrue(md.contains("![fused / 4-class confusion matrix](report-fused-4-class.png)"));

        JsonNode j = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        JsonNode s = j.get("sections").get(0);
        assertEquals("fused / 4-class", s.get("name").asText());
        assertEquals(0.77, s.get("accuracy").asDouble(), 1e-12);
        assertEquals(0.77, s.get("weighted_accuracy").asDouble(), 1e-12);
        assertEquals(0.77, s.get("unweighted_accuracy").asDouble(), 1e-12);
        assertEquals(12, s.get("confusion").get(1).get(3).asInt());
        assertEquals("happiness", s.get("per_class").get(1).get("label").asText());
        assertEquals("fold 1/5", j.get("notes").get("split").asText());

        BufferedImage img = ImageIO.read(dir.resolve("out/report-fused-4-class.png").toFile());
        assertTrue(img.getWidth() > 4 * 74 && img.getHeight() > 4 * 74, img.getWidth() + "x" + img.getHeight());
        // the full-score section: diagonal cells dark blue, off-diagonal near white
        BufferedImage perfect = ImageIO.read(dir.resolve("out/report-audio-4-class.png").toFile());
        assertTrue(isDark(perfect, 0, 0), "diagonal cell colour");
        assertTrue(!isDark(perfect, 0, 1), "off-diagonal cell colour");
    }

    @Test
    void crossValidationPoolsFoldsAndShowsTheirSpread() throws IOException {
        List<String> ab = List.of("a", "b");
        Evaluation f1 = Evaluation.fromConfusion(ab, new int[][] {{4, 0}, {0, 4}});   // accuracy 1.0
        Evaluation f2 = Evaluation.fromConfusion(ab, new int[][] {{2, 2}, {2, 2}});   // accuracy 0.5
        Report r = new Report("cv").addFolds("audio", List.of(f1, f2));
        Evaluation pooled = r.sections().get(0).getValue();
        assertEquals(16, pooled.count());
        assertEquals(0.75, pooled.accuracy(), 1e-12);
        String md = r.markdown();
        // mean 75 %, sample sd of {100, 50} = 35.36 points
        assertTrue(md.contains("| mean ± sd | | 75.0% ± 35.4 | 75.0% ± 35.4 |"), md);
        JsonNode j = new ObjectMapper().readTree(r.json());
        assertEquals(2, j.get("sections").get(0).get("folds").size());
        assertEquals(Math.sqrt(0.125), j.get("sections").get(0).get("fold_sd").get("accuracy").asDouble(), 1e-12);
    }

    /** Samples a pixel near the top-left corner inside cell (row, col), away from the text in its centre. */
    private static boolean isDark(BufferedImage img, int row, int col) {
        // locate the grid: the first dark-blue pixel scanning the diagonal from the top-left
        int x0 = -1;
        int y0 = -1;
        for (int d = 0; d < Math.min(img.getWidth(), img.getHeight()) && x0 < 0; d++) {
            for (int x = 0; x < img.getWidth() && x0 < 0; x++) {
                Color c = new Color(img.getRGB(x, Math.min(img.getHeight() - 1, d)));
                if (c.getBlue() > 90 && c.getRed() < 20) {
                    x0 = x;
                    y0 = d;
                }
            }
        }
        Color c = new Color(img.getRGB(x0 + col * 74 + 8, y0 + row * 74 + 8));
        return c.getRed() < 60;
    }
}
