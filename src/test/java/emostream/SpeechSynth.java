package emostream;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Real English speech for tests, spoken by espeak-ng (installed by .ci/run); tests skip with a message without it. */
public final class SpeechSynth {

    private SpeechSynth() {
    }

    /** Writes {@code text} spoken by espeak-ng (22.05 kHz mono 16-bit WAV) to {@code file}. */
    public static Path say(String text, Path file) throws IOException, InterruptedException {
        RealParts.require(available(), "espeak-ng is not installed (apt-get install espeak-ng)");
        Process p = new ProcessBuilder("espeak-ng", "-s", "150", "-w", file.toString(), text)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(file)) {
            throw new IOException("espeak-ng failed: " + out);
        }
        return file;
    }

    public static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "espeak-ng"))) {
                return true;
            }
        }
        return false;
    }
}
