package emostream.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * espeak-ng as a speech source for benchmarks and the flat-voice test: a sentence in one voice into a WAV file.
 * Synthetic speech is flat on purpose (a monotone, no emotion in the voice); the project never ships it.
 */
public final class Espeak {

    private Espeak() {
    }

    /**
     * Speaks {@code text} into {@code wav} (kept when it already exists and is not empty).
     *
     * @param voice espeak-ng voice, e.g. {@code en-us} or {@code en-us+f3}
     * @param wpm   words per minute
     * @param pitch 0..99
     * @throws IOException naming what failed; the message says how to install espeak-ng when it is missing
     */
    public static Path speak(String voice, int wpm, int pitch, String text, Path wav) throws IOException {
        if (Files.isRegularFile(wav) && Files.size(wav) > 44) {
            return wav;
        }
        Files.createDirectories(wav.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(wav.toAbsolutePath().getParent(), "." + wav.getFileName(), ".tmp");
        List<String> cmd = List.of("espeak-ng", "-v", voice, "-s", Integer.toString(wpm), "-p", Integer.toString(pitch),
                "-w", tmp.toString(), text);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("espeak-ng is not installed (apt-get install espeak-ng)", e);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("espeak-ng failed (" + String.join(" ", cmd) + ")");
            }
            Files.move(tmp, wav, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return wav;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running espeak-ng", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
