package emostream.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's pure modules (event store, segment emotions, resampler) under node's own test runner. */
@Timeout(120)
class DashboardScriptsTest {

    @Test
    void nodeUnitTestsPass() throws Exception {
        emostream.RealParts.require(Speech.onPath("node"), "node is not installed (apt-get install nodejs npm)");
        Process p = new ProcessBuilder("node", "--test", Path.of("src", "test", "js", "unit").toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "node --test finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("# fail 0"), out);
    }
}
