package emostream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real parts tests drive (espeak-ng, Chromium, node, the encoders that make compressed fixtures, the trained
 * model): a test whose part is missing is skipped with the reason on a developer's machine, and fails under
 * {@code CI=true}, where {@code ./run.sh test} has installed everything and a skip would hide a broken set-up.
 */
public final class RealParts {

    private RealParts() {
    }

    /** Skips (or, under CI=true, fails) the calling test unless {@code present}; {@code what} says what is missing. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (ci()) {
            Assertions.fail(what + " (CI=true: a missing real part fails the run; ./run.sh test installs it)");
        }
        Assumptions.assumeTrue(false, what + ": skipped (./run.sh test installs it)");
    }

    /** {@link #require} for a program on the PATH. */
    public static void requireTool(String tool, String debianPackage) {
        require(onPath(tool), tool + " is not installed (apt-get install " + debianPackage + ")");
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a tool to completion (60 s at most); its output is in the exception when it fails. */
    public static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + new String(out));
        }
    }
}
