package emostream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Start-up as a user sees it: {@code emostream run --file speech.wav --json} in a fresh JVM, timed from starting the
 * process to the first emotion event on its stdout. With {@code --realtime} the file stands in for a microphone, so
 * the time includes the 2 s of audio the first window needs; without it, it is the start-up cost alone.
 */
final class StartupProbe {

    private static final String EMOTION = "\"type\":\"emotion\"";

    private StartupProbe() {
    }

    /**
     * @param java       the java command and JVM options
     * @param audioOnly  adds {@code --no-asr}
     * @param live       adds {@code --realtime}
     * @return seconds from process start to the first emotion event
     */
    static double once(List<String> java, Path config, Path wav, boolean audioOnly, boolean live, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(java);
        cmd.addAll(List.of(emostream.cli.Main.class.getName(), "run", "--config", config.toString(), "--file", wav.toString(),
                "--json"));
        if (live) {
            cmd.add("--realtime");
        }
        if (audioOnly) {
            cmd.add("--no-asr");
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains(EMOTION)) {
                        return System.nanoTime();
                    }
                }
                return -1L;
            } catch (IOException e) {
                return -1L;
            }
        });
        try {
            long t = first.get(60, TimeUnit.SECONDS);
            if (t < 0) {
                throw new IllegalStateException("`run` ended without an emotion event; see " + log);
            }
            return (t - t0) / 1e9;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("`run` gave no emotion event within 60 s; see " + log);
        } finally {
            p.destroy(); // SIGTERM: the run command shuts down cleanly
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
