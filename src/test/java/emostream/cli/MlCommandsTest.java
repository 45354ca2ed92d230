package emostream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train → export → evaluate through the CLI on a tiny synthetic manifest corpus, plus bad-input messages. */
class MlCommandsTest {

    @TempDir
    Path tmp;

    private String manifests() throws Exception {
        Random r = new Random(5);
        float[] pitch = {120f, 260f, 400f};
        String[] labels = {"neutral", "happiness", "anger"};
        StringBuilder audio = new StringBuilder("path,label,speaker\n");
        for (String spk : List.of("s1", "s2", "s3", "s4")) {
            for (int y = 0; y < 3; y++) {
                for (int k = 0; k < 2; k++) {
                    float[] x = new float[16_000 + r.nextInt(16_000)];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (0.3 * Math.sin(2 * Math.PI * pitch[y] * i / 16_000) + 0.02 * r.nextGaussian());
                    }
                    String name = spk + "_" + y + "_" + k + ".wav";
                    emostream.train.TrainingSmokeTestSupport.writeWav(tmp.resolve(name), x, 16_000);
                    audio.append(name).append(',').append(labels[y]).append(',').append(spk).append('\n');
                }
            }
        }
        Files.writeString(tmp.resolve("audio.csv"), audio);
        StringBuilder text = new StringBuilder("path,label,text,group\n");
        String[][] t = {{"the bus is late", "it is on the desk"}, {"i love this so much", "what a great day"},
                {"get out now", "i am sick of your lies"}};
        for (String g : List.of("train", "dev", "test")) {
            for (int y = 0; y < 3; y++) {
                for (String s : t[y]) {
                    text.append(",").append(labels[y]).append(",\"").append(s).append("\",").append(g).append('\n');
                }
            }
        }
        Files.writeString(tmp.resolve("text.csv"), text);
        return String.join(",", labels);
    }

    private List<String> common(String labels) {
        List<String> a = new ArrayList<>();
        for (String s : new String[] {
                "train.audio.corpora=manifest=" + tmp.resolve("audio.csv"),
                "train.text.corpora=manifest=" + tmp.resolve("text.csv"),
                "train.labels=" + labels,
                "train.test.speakers=manifest/s4", "train.validation.speakers=manifest/s3",
                "train.cache=" + tmp.resolve("cache"), "train.checkpoint=" + tmp.resolve("ckpt"),
                "train.epochs=1", "train.text.epochs=1", "train.fusion.epochs=1",
                "train.conv=4,8,8,8,8", "train.fc=8,8"}) {
            a.add("--set");
            a.add(s);
        }
        return a;
    }

    private static int run(List<String> args, ByteArrayOutputStream err) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            return Main.execute(args.toArray(String[]::new));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void trainExportEvaluate() throws Exception {
        String labels = manifests();
        Path model = tmp.resolve("m.onnx");
        List<String> train = new ArrayList<>(List.of("train", "--out", model.toString()));
        train.addAll(common(labels));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(train, err), err.toString());
        assertTrue(Files.isRegularFile(model));
        assertTrue(Files.isRegularFile(tmp.resolve("ckpt/training-report.json")));

        Path exported = tmp.resolve("again.onnx");
        List<String> export = new ArrayList<>(List.of("export", "--out", exported.toString()));
        export.addAll(common(labels));
        assertEquals(0, run(export, err), err.toString());
        assertTrue(Files.size(exported) > 1000);

        List<String> eval = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--out", tmp.resolve("rep").toString()));
        eval.addAll(common(labels));
        assertEquals(0, run(eval, err), err.toString());
        assertTrue(Files.isRegularFile(tmp.resolve("rep/evaluation.md")));
        assertTrue(Files.isRegularFile(tmp.resolve("rep/evaluation.json")));
        try (var files = Files.list(tmp.resolve("rep"))) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".png")));
        }
        String md = Files.readString(tmp.resolve("rep/evaluation.md"));
        assertTrue(md.contains("audio / manifest") && md.contains("text / manifest") && md.contains("fused / manifest"), md);
    }

    @Test
    void badInputGetsOneLine() throws Exception {
        String labels = manifests();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> export = new ArrayList<>(List.of("export", "--checkpoint", tmp.resolve("nope").toString(),
                "--out", tmp.resolve("x.onnx").toString()));
        assertEquals(1, run(export, err));
        assertTrue(err.toString().contains("error: checkpoint"), err.toString());
        assertTrue(!Files.exists(tmp.resolve("x.onnx")));

        err.reset();
        List<String> eval = new ArrayList<>(List.of("evaluate", "--model", tmp.resolve("missing.onnx").toString()));
        eval.addAll(common(labels));
        assertEquals(1, run(eval, err));
        assertTrue(err.toString().contains("missing.onnx"), err.toString());

        err.reset();
        List<String> oneFold = new ArrayList<>(List.of("evaluate", "--folds", "1"));
        oneFold.addAll(common(labels));
        assertEquals(1, run(oneFold, err));
        assertTrue(err.toString().contains("--folds needs 2 or more folds"), err.toString());

        err.reset();
        Files.writeString(tmp.resolve("garbage.onnx"), "definitely not onnx");
        List<String> eval2 = new ArrayList<>(List.of("evaluate", "--model", tmp.resolve("garbage.onnx").toString()));
        eval2.addAll(common(labels));
        assertEquals(1, run(eval2, err));
        assertTrue(err.toString().contains("not a valid ONNX model"), err.toString());

        err.reset();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("manifest.csv"), "path,label,speaker\n");
        List<String> train = new ArrayList<>(List.of("train", "--out", tmp.resolve("y.onnx").toString()));
        train.addAll(common(labels));
        train.addAll(List.of("--set", "train.audio.corpora=manifest=" + empty));
        assertEquals(1, run(train, err));
        assertTrue(err.toString().contains("error: "), err.toString());
        assertTrue(!Files.exists(tmp.resolve("y.onnx")));
    }

    /** Two tiny corpora in the RAVDESS and EMOVO layouts (tones whose pitch is the label), three labels each. */
    private void twoCorpora() throws Exception {
        Random r = new Random(9);
        float[] pitch = {120f, 260f, 400f};
        String[] ravdess = {"01", "03", "05"};
        String[] emovo = {"neu", "gio", "rab"};
        for (int spk = 1; spk <= 4; spk++) {
            for (int y = 0; y < 3; y++) {
                for (int k = 1; k <= 2; k++) {
                    float[] x = new float[20_000 + r.nextInt(12_000)];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (0.3 * Math.sin(2 * Math.PI * pitch[y] * (1 + 0.05 * spk) * i / 16_000)
                                + 0.02 * r.nextGaussian());
                    }
                    Path a = tmp.resolve(String.format("rav/Actor_%02d/03-01-%s-01-01-%02d-%02d.wav", spk, ravdess[y], k, spk));
                    Files.createDirectories(a.getParent());
                    emostream.train.TrainingSmokeTestSupport.writeWav(a, x, 16_000);
                    Path b = tmp.resolve(String.format("emovo/%s-%s%d-b%d.wav", emovo[y], spk % 2 == 0 ? "f" : "m", spk, k));
                    Files.createDirectories(b.getParent());
                    emostream.train.TrainingSmokeTestSupport.writeWav(b, x, 16_000);
                }
            }
        }
    }

    @Test
    void leaveOneCorpusOutAndAUsersSet() throws Exception {
        String labels = manifests();
        twoCorpora();
        List<String> set = new ArrayList<>(common(labels));
        set.addAll(List.of("--set", "train.audio.corpora=ravdess=" + tmp.resolve("rav") + ",emovo=" + tmp.resolve("emovo"),
                "--set", "train.test.speakers=", "--set", "train.validation.speakers=", "--set", "train.functionals.epochs=2"));
        List<String> loco = new ArrayList<>(List.of("evaluate", "--loco", "--branches", "functionals", "--out",
                tmp.resolve("loco").toString(), "--degrade", "pink:10,phone"));
        loco.addAll(set);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(loco, err), err.toString());
        String md = Files.readString(tmp.resolve("loco/evaluation.md"));
        assertTrue(md.contains("## Leave one corpus out (audio)"), md);
        assertTrue(md.contains("| ravdess | 24 | functionals | cold |") && md.contains("| emovo | 24 | functionals | warm |"), md);
        assertTrue(md.contains("loco pooled / functionals / cold"), md);
        // noisy leave-one-corpus-out: the held-out clips again through each degradation
        assertTrue(md.contains("## Leave one corpus out, degraded held-out audio") && md.contains("| ravdess | pink:10 | warm |")
                && md.contains("| emovo | phone | cold |"), md);
        assertTrue(md.contains("fused / loco / emovo / matched pairs / user view"), md);
        try (var files = Files.list(tmp.resolve("loco"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("evaluation-reliability-")));
        }

        // a model trained here, scored on a set the user brings: nothing trained, cold and warm
        Path model = tmp.resolve("m.onnx");
        List<String> train = new ArrayList<>(List.of("train", "--out", model.toString(), "--set", "train.branches=functionals"));
        train.addAll(set);
        assertEquals(0, run(train, err), err.toString());
        List<String> data = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--data",
                tmp.resolve("audio.csv").toString(), "--out", tmp.resolve("data").toString()));
        data.addAll(set);
        assertEquals(0, run(data, err), err.toString());
        String dmd = Files.readString(tmp.resolve("data/evaluation.md"));
        assertTrue(dmd.contains("audio / " + tmp.resolve("audio.csv") + " / cold / user view"), dmd);
        assertTrue(dmd.contains("/ warm / user view"), dmd);

        // the same set through the whole serving pipeline (real voice gate, Vosk, ONNX Runtime), with and without words
        List<String> piped = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--data",
                tmp.resolve("audio.csv").toString(), "--pipeline", "--degrade", "pink:10", "--out", tmp.resolve("piped").toString()));
        piped.addAll(set);
        assertEquals(0, run(piped, err), err.toString());
        String pmd = Files.readString(tmp.resolve("piped/evaluation.md"));
        assertTrue(pmd.contains("## Through the serving pipeline (" + tmp.resolve("audio.csv") + ")"), pmd);
        assertTrue(pmd.contains("| clean |") && pmd.contains("| pink:10 |"), pmd);
        assertTrue(pmd.contains("pipeline / " + tmp.resolve("audio.csv") + " / clean / fused / user view"), pmd);
        assertTrue(pmd.contains("/ pink:10 / audio only / user view"), pmd);
        try (var files = Files.list(tmp.resolve("piped"))) {
            Path csv = files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
            List<String> rows = Files.readAllLines(csv);
            assertTrue(rows.get(0).startsWith("condition,id,label,transcript,audio_"), rows.get(0));
            assertEquals(1 + 2 * 24, rows.size(), "every clip, clean and in noise");
        }
        err.reset();
        assertEquals(1, run(List.of("evaluate", "--pipeline"), err));
        assertTrue(err.toString().contains("--pipeline scores a labelled set: give it one with --data"), err.toString());

        err.reset();
        List<String> missing = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--data",
                tmp.resolve("nope.csv").toString()));
        missing.addAll(set);
        assertEquals(1, run(missing, err));
        assertTrue(err.toString().contains("--data " + tmp.resolve("nope.csv") + ": no such manifest file"), err.toString());
    }
}
