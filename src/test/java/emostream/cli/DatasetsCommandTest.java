package emostream.cli;

import emostream.audio.AudioFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetsCommandTest {

    @TempDir
    Path dir;

    private record Run(int rc, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int rc = Main.execute(args);
            return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void summarisesACorpusItsSkipsAndItsSplits() throws IOException {
        Path wav = Files.createDirectories(dir.resolve("emodb/wav"));
        byte[] clip = AudioFiles.wavBytes(new float[1600], 16000);
        for (String f : new String[] {"03a01Wa.wav", "08a01Na.wav", "09a01Ta.wav", "10a01Fa.wav", "11a01Xa.wav"}) {
            Files.write(wav.resolve(f), clip);
        }
        Files.writeString(wav.resolve("12a01Wa.wav"), "not audio");
        Run r = run("datasets", "emodb=" + dir.resolve("emodb"), "--check-audio", "--splits",
                "--set", "data.split.folds=2");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().startsWith("emodb: 4 items, 4 speakers (anger 1, happiness 1, neutral 1, sadness 1), 2 skipped"),
                r.out());
        assertTrue(r.out().contains("  skipped 1: unknown label 'X' (not in the emodb label map)"), r.out());
        assertTrue(r.out().contains("  skipped 1: not an audio file"), r.out());
        assertTrue(r.out().contains("  fold 2/2: train"), r.out());
    }

    @Test
    void badCorpusNamesAndFoldersAreOneLineErrors() {
        Run r = run("datasets", "emodbx");
        assertEquals(1, r.rc());
        assertTrue(r.err().startsWith("error: unknown corpus 'emodbx' (known: emodb,"), r.err());
        Run missing = run("datasets", "emodb=" + dir.resolve("nowhere"));
        assertEquals(1, missing.rc());
        assertEquals("error: emodb: " + dir.resolve("nowhere") + " does not exist", missing.err().strip());
    }
}
