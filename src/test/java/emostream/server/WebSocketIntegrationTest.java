package emostream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.metrics.Metrics;
import emostream.publish.EventBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server on a real port in front of the real pipeline (Detector, ONNX Runtime, Vosk, MiniLM), driven by the
 * JDK's HTTP and WebSocket clients.
 */
@Timeout(120)
class WebSocketIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> EMOTION_FIELDS = List.of("type", "id", "stream", "seq", "start_ms", "end_ms", "label",
            "confidence", "probabilities", "smoothed_label", "transcript", "modalities", "model", "revision", "final",
            "asr_lag_ms", "asr_skipped");
    static final List<String> TRANSCRIPT_FIELDS = List.of("type", "id", "stream", "seq", "start_ms", "end_ms", "text",
            "words", "final");

    private static EventBus bus;
    private static Metrics metrics;
    private static TestPipeline pipeline;
    private static WebServer server;

    @BeforeAll
    static void start() {
        bus = new EventBus();
        metrics = new Metrics();
        emostream.audio.AudioReceiver receiver;
        java.util.function.Supplier<java.util.Set<String>> streams;
        try {
            pipeline = TestPipeline.start(bus);
            receiver = pipeline.receiver;
            streams = pipeline.streams;
        } catch (org.opentest4j.TestAbortedException noModel) {
            receiver = new RecordingReceiver(); // only the speech test needs the model; it skips
            streams = java.util.Set::of;
        }
        server = WebServer.start(TestServers.settings(Map.of("server.events.buffer", "64",
                "server.events.stall-seconds", "0.5")), bus, receiver, streams, metrics);
    }

    @AfterAll
    static void stop() {
        server.close();
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private static String ws(String pathAndQuery) {
        return server.wsUrl(pathAndQuery);
    }

    private static List<JsonNode> parse(List<String> lines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            out.add(JSON.readTree(emostream.publish.EventSchemas.check(l)));
        }
        return out;
    }

    @Test
    void speechThroughAudioSocketComesBackAsOrderedEvents() throws Exception {
        emostream.RealParts.require(pipeline != null, "no trained model");
        Speech.Clip clip = Speech.say(Speech.SENTENCE, Path.of("target", "server-it", "speech.wav"));
        WsClient events = WsClient.connect(ws("/ws/events?stream=it-1"));
        WsClient audio = WsClient.connect(ws("/ws/audio?stream=it-1&rate=" + clip.rate() + "&events=true"));
        audio.sendPcm(clip.pcm(), 4410);
        audio.socket.sendText("{\"type\":\"end\"}", true).join();
        WsClient.Closed closed = audio.awaitClose(60);
        assertEquals(1000, closed.code(), closed.reason());
        assertEquals("end of stream", closed.reason());

        List<JsonNode> echoed = parse(audio.drain(200));
        List<JsonNode> subscribed = parse(events.drain(1000));
        assertEquals(subscribed, echoed, "the audio socket gets its stream's events, like a subscriber");

        List<JsonNode> emotions = subscribed.stream().filter(e -> e.path("type").asText().equals("emotion")).toList();
        List<JsonNode> transcripts = subscribed.stream().filter(e -> e.path("type").asText().equals("transcript")).toList();
        double seconds = clip.pcm().length / 2.0 / clip.rate();
        // windows are first published in seq order; a window's revisions follow its first record, in order
        long lastSeq = -1;
        java.util.Map<String, List<JsonNode>> windows = new java.util.LinkedHashMap<>();
        for (JsonNode e : emotions) {
            for (String f : EMOTION_FIELDS) {
                assertTrue(e.has(f), "emotion event lacks " + f + ": " + e);
            }
            assertEquals("it-1", e.get("stream").asText());
            long seq = e.get("seq").asLong();
            assertEquals("it-1:" + seq, e.get("id").asText());
            List<JsonNode> records = windows.computeIfAbsent(e.get("id").asText(), k -> new ArrayList<>());
            assertEquals(records.size(), e.get("revision").asInt(), "revisions in order: " + e);
            assertTrue(records.isEmpty() || !records.get(records.size() - 1).get("final").asBoolean(),
                    "nothing after a final record: " + e);
            if (records.isEmpty()) {
                assertTrue(seq > lastSeq, "first records in seq order: " + e);
                lastSeq = seq;
            }
            records.add(e);
        }
        assertTrue(windows.size() >= (int) (seconds / 0.5) - 4, windows.size() + " windows for " + seconds + " s");
        windows.forEach((id, records) -> assertTrue(records.get(records.size() - 1).get("final").asBoolean(),
                id + " ends with a final record: " + records));
        // real Vosk: a window went out from the audio at once, then again, same id, with the fused label
        assertTrue(windows.values().stream().anyMatch(rs -> rs.size() > 1
                && rs.get(0).get("modalities").size() == 1 && !rs.get(0).get("final").asBoolean()
                && rs.get(rs.size() - 1).get("modalities").toString().contains("text")),
                "a provisional record, then its fused revision: " + windows);
        assertFalse(transcripts.isEmpty(), "a transcript");
        for (JsonNode t : transcripts) {
            for (String f : TRANSCRIPT_FIELDS) {
                assertTrue(t.has(f), "transcript event lacks " + f + ": " + t);
            }
        }
        String said = String.join(" ", transcripts.stream().map(t -> t.get("text").asText()).toList());
        assertTrue(said.contains("told"), said);
        events.socket.abort();
    }

    /** One long utterance without a pause: Vosk keeps it open, and its partial words grow for seconds. */
    static final String LONG_UTTERANCE = "I am really happy to see all of you here today and I hope that we can talk "
            + "about everything that matters to us";

    @Test
    void partialWordsReviseAWindowBeforeTheFinalResultClosesIt() throws Exception {
        emostream.RealParts.require(pipeline != null, "no trained model");
        Speech.Clip clip = Speech.say(LONG_UTTERANCE, Path.of("target", "server-it", "long.wav"));
        WsClient audio = WsClient.connect(ws("/ws/audio?stream=it-partial&rate=" + clip.rate() + "&events=true"));
        audio.sendPcm(clip.pcm(), 4410);
        audio.socket.sendText("{\"type\":\"end\"}", true).join();
        assertEquals(1000, audio.awaitClose(60).code());
        List<JsonNode> events = parse(audio.drain(1000));
        // per window: its records in arrival order, and where each stands among the final transcripts
        java.util.Map<String, List<JsonNode>> windows = new java.util.LinkedHashMap<>();
        List<JsonNode> finals = new ArrayList<>();
        boolean revisedBeforeFinal = false;
        for (JsonNode e : events) {
            if (e.path("type").asText().equals("transcript")) {
                if (e.get("final").asBoolean()) {
                    finals.add(e);
                }
                continue;
            }
            List<JsonNode> records = windows.computeIfAbsent(e.get("id").asText(), k -> new ArrayList<>());
            assertEquals(records.size(), e.get("revision").asInt(), "revisions in order, same id: " + e);
            assertTrue(records.isEmpty() || !records.get(records.size() - 1).get("final").asBoolean(),
                    "nothing after a final record: " + e);
            records.add(e);
            long start = e.get("start_ms").asLong();
            long end = e.get("end_ms").asLong();
            boolean finalHeard = finals.stream().anyMatch(t -> t.get("start_ms").asLong() < end
                    && start < Math.max(t.get("end_ms").asLong(), t.get("start_ms").asLong() + 1));
            // a revision with words, open (not final), before any final result that covers its window
            revisedBeforeFinal |= e.get("revision").asInt() > 0 && !e.get("final").asBoolean()
                    && e.get("transcript").isTextual() && !finalHeard;
        }
        assertTrue(revisedBeforeFinal, "a window revised from the partial words before the final result: " + windows);
        assertFalse(finals.isEmpty(), "the final result came");
        windows.forEach((id, records) -> assertTrue(records.get(records.size() - 1).get("final").asBoolean(),
                id + " is closed by a final record: " + records));
        String said = String.join(" ", finals.stream().map(t -> t.get("text").asText()).toList());
        assertTrue(said.contains("happy"), said);
    }

    @Test
    void malformedAudioIsClosedWithACodeAndReason() throws Exception {
        WsClient odd = WsClient.connect(ws("/ws/audio?stream=bad-1"));
        odd.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[3]), true).join();
        WsClient.Closed c = odd.awaitClose(10);
        assertEquals(1007, c.code());
        assertTrue(c.reason().contains("even byte count"), c.reason());

        WsClient rate = WsClient.connect(ws("/ws/audio?stream=bad-2&rate=abc"));
        WsClient.Closed r = rate.awaitClose(10);
        assertEquals(1008, r.code());
        assertTrue(r.reason().contains("bad rate"), r.reason());
    }

    @Test
    void aStalledClientIsDroppedThenClosedWhileOthersGetEverything() throws Exception {
        WsClient healthy = WsClient.connect(ws("/ws/events?stream=flood"));
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /ws/events?stream=flood HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            // now never read: the kernel buffers fill, the server's channel turns unwritable, the queue fills
            String pad = "x".repeat(2000);
            int n = 3000;
            publishPaced(healthy, pad, 0, n);
            Thread.sleep(800);   // past server.events.stall-seconds
            publishPaced(healthy, pad, n, n + 100);
            assertTrue(metrics.counter("emostream_ws_dropped_events_total", "").get() > 0, "drops counted");
            // the stalled socket is closed by the server: reading to the end terminates
            stalled.setSoTimeout(20_000);
            long read = 0;
            byte[] buf = new byte[65536];
            int r;
            while ((r = in.read(buf)) >= 0) {
                read += r;
            }
            assertTrue(read < (long) n * 2000, "it did not get everything");
            assertEquals(1, metrics.counter("emostream_ws_slow_clients_closed_total", "").get());
        }
        List<String> got = healthy.drain(2000);
        assertEquals(3100, got.size(), "the healthy client missed nothing");
        healthy.socket.abort();
    }

    /** Publishes events from..to, paced so that a reading client stays within its buffer (64) on a busy machine. */
    private static void publishPaced(WsClient reader, String pad, int from, int to) throws InterruptedException {
        for (int i = from; i < to; i++) {
            bus.publish(new emostream.publish.TranscriptEvent("flood", i, i, i + 1, pad, List.of(), true));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (reader.messages.size() < i - 31 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Test
    void healthAndMetricsOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(server.url() + "health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, h.statusCode());
        assertEquals("ok", JSON.readTree(h.body()).get("status").asText());
        HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(server.url() + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(m.body().contains("emostream_ws_clients "), m.body());
        assertTrue(m.body().contains("emostream_ws_audio_streams "), m.body());
    }

    @Test
    void theTokenGuardsBothSockets() {
        EventBus b = new EventBus();
        try (WebServer guarded = WebServer.start(TestServers.settings(Map.of("server.token", "let-me-in")), b,
                new RecordingReceiver(), java.util.Set::of, new Metrics())) {
            for (String path : List.of("/ws/events", "/ws/audio")) {
                CompletionException e = assertThrows(CompletionException.class, () -> WsClient.connect(guarded.wsUrl(path)));
                WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
                assertEquals(401, h.getResponse().statusCode());
            }
            WsClient ok = WsClient.connect(guarded.wsUrl("/ws/events?token=let-me-in"));
            ok.socket.abort();
        }
    }
}
