package emostream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run} with its server: speech on stdin and speech on /ws/audio go through the same detector; both streams'
 * events reach a /ws/events subscriber and the --output file, and stopping run closes the sockets with 1001.
 */
@Timeout(240)
class RunCommandServerTest {

    @Test
    void runServesBothWebSocketsNextToItsOtherSources(@TempDir Path dir) throws Exception {
        Path model = TestPipeline.model();
        emostream.RealParts.require(Files.isRegularFile(model), "no trained model at " + model);
        Speech.Clip clip = Speech.say(Speech.SENTENCE, dir.resolve("speech.wav"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path output = dir.resolve("events.jsonl");
        PipedOutputStream feed = new PipedOutputStream();
        InputStream stdin = new PipedInputStream(feed, 1 << 16);
        InputStream in0 = System.in;
        AtomicInteger code = new AtomicInteger(-1);
        Thread run;
        System.setIn(stdin);
        try {
            run = new Thread(() -> code.set(Main.execute("run", "--model", model.toString(), "--stdin",
                    "--rate", Integer.toString(clip.rate()), "--quiet", "--output", output.toString(),
                    "--port", Integer.toString(port))), "run");
            run.start();
            awaitHealth(port);
        } finally {
            System.setIn(in0);
        }

        WsClient events = WsClient.connect("ws://127.0.0.1:" + port + "/ws/events");
        feed.write(clip.pcm());
        feed.flush();
        WsClient audio = WsClient.connect("ws://127.0.0.1:" + port + "/ws/audio?stream=browser-1&rate=" + clip.rate());
        audio.sendPcm(clip.pcm(), 8820);
        audio.socket.sendText("{\"type\":\"end\"}", true).join();
        assertEquals(1000, audio.awaitClose(60).code());

        feed.close();  // stdin ends: run flushes, stops the server and returns
        run.join(60_000);
        assertEquals(0, code.get(), "run's exit code");
        WsClient.Closed closed = events.awaitClose(10);
        assertEquals(1001, closed.code());
        assertEquals("server shutting down", closed.reason());

        ObjectMapper json = new ObjectMapper();
        Set<String> live = new TreeSet<>();
        for (String m : events.drain(100)) {
            JsonNode e = json.readTree(emostream.publish.EventSchemas.check(m));
            live.add(e.get("stream").asText() + "/" + e.get("type").asText());
        }
        assertTrue(live.containsAll(List.of("browser-1/emotion", "browser-1/transcript", "stdin/emotion")), live.toString());
        List<String> written = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            written.add(json.readTree(emostream.publish.EventSchemas.check(line)).get("stream").asText());
        }
        assertTrue(written.contains("browser-1") && written.contains("stdin"), "one pipeline, one output: " + written);
    }

    /**
     * {@code run --file talk.wav --realtime}, as the README suggests for the dashboard: when the file has ended the
     * server stays up (and says so) until SIGTERM, so the page does not go away.
     */
    @Test
    void aReplayedFileKeepsTheDashboardUpUntilStopped(@TempDir Path dir) throws Exception {
        Path model = TestPipeline.model();
        emostream.RealParts.require(Files.isRegularFile(model), "no trained model at " + model);
        Speech.Clip clip = Speech.say("I am here.", dir.resolve("short.wav"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), "-Xmx1g",
                "emostream.cli.Main", "run", "--file", clip.wav().toString(), "--realtime", "--quiet", "--no-asr",
                "--model", model.toString(), "--port", Integer.toString(port))
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.readString(err).contains("still serving") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            String log = Files.readString(err);
            assertTrue(log.contains("the input has ended; still serving the dashboard on http://"), log);
            Thread.sleep(1000);
            assertTrue(p.isAlive(), "run goes on after its file: " + log);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            WsClient events = WsClient.connect("ws://127.0.0.1:" + port + "/ws/events?history=true");
            String first = events.messages.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(first != null && first.contains("\"stream\":\"short\""), "the file's events are still there: " + first);
            p.toHandle().destroy(); // SIGTERM, like Ctrl-C
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "exits after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }

    private static void awaitHealth(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the models are still loading
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run's server did not come up on port " + port);
    }
}
