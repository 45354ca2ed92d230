package emostream.server;

import emostream.metrics.Metrics;
import emostream.metrics.PrometheusText;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import emostream.publish.EmotionEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole HTTP pipeline, bytes in and bytes out, through EmbeddedChannel. */
class HttpRouterTest {

    private final Metrics metrics = new Metrics();

    private EmbeddedHttp http(Map<String, String> settings) {
        return new EmbeddedHttp(TestServers.context(TestServers.settings(settings), new RecordingReceiver(), metrics));
    }

    private static String body(FullHttpResponse r) {
        return r.content().toString(StandardCharsets.UTF_8);
    }

    @Test
    void servesTheDashboardWithSecurityHeadersAndEtag() {
        EmbeddedHttp h = http(Map.of());
        FullHttpResponse r = h.request(EmbeddedHttp.get("/"));
        assertEquals(200, r.status().code());
        assertTrue(r.headers().get(HttpHeaderNames.CONTENT_TYPE).startsWith("text/html"));
        assertTrue(body(r).contains("<html"), body(r));
        assertNotNull(r.headers().get("Content-Security-Policy"));
        String etag = r.headers().get(HttpHeaderNames.ETAG);
        FullHttpResponse again = h.request(EmbeddedHttp.get("/", "If-None-Match: " + etag));
        assertEquals(304, again.status().code());
    }

    @Test
    void servesTheChartLibraryFromTheJarCompressed() {
        FullHttpResponse r = http(Map.of()).request(EmbeddedHttp.get("/vendor/uPlot.esm.js", "Accept-Encoding: gzip"));
        assertEquals(200, r.status().code());
        assertEquals("gzip", r.headers().get(HttpHeaderNames.CONTENT_ENCODING));
        assertTrue(r.headers().get(HttpHeaderNames.CONTENT_TYPE).startsWith("text/javascript"));
    }

    @Test
    void unknownAndEscapingPathsAre404() {
        EmbeddedHttp h = http(Map.of());
        assertEquals(404, h.request(EmbeddedHttp.get("/nope.js")).status().code());
        assertEquals(404, h.request(EmbeddedHttp.get("/../emostream.properties")).status().code());
        assertEquals(404, h.request(EmbeddedHttp.get("/%2e%2e/emostream.properties")).status().code());
        assertEquals(404, http(Map.of()).request(EmbeddedHttp.get("/vendor")).status().code());
    }

    /** Found by fuzzing /ws/audio: a bad escape in the query string got no answer at all. */
    @Test
    void aMalformedQueryStringIs400() {
        for (String uri : new String[] {"/ws/audio?stream=%zz", "/health?x=%", "/?token=%g0"}) {
            assertEquals(400, http(Map.of()).request(EmbeddedHttp.get(uri)).status().code(), uri);
        }
    }

    @Test
    void healthIsJson() {
        FullHttpResponse r = http(Map.of("server.token", "s3cret")).request(EmbeddedHttp.get("/health"));
        assertEquals(200, r.status().code());
        assertEquals("application/json", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertTrue(body(r).contains("\"status\":\"ok\""), body(r));
        assertTrue(body(r).contains("\"token_required\":true"), body(r));
    }

    @Test
    void metricsArePrometheusTextWithTheServersGauges() {
        FullHttpResponse r = http(Map.of()).request(EmbeddedHttp.get("/metrics"));
        assertEquals(200, r.status().code());
        assertTrue(r.headers().get(HttpHeaderNames.CONTENT_TYPE).startsWith("text/plain; version=0.0.4"));
        String text = body(r);
        assertTrue(text.contains("# TYPE emostream_ws_clients gauge\nemostream_ws_clients 0.0\n"), text);
        assertTrue(text.contains("emostream_ws_dropped_events_total 0.0\n"), text);
        // what the memory work reads: the client's JVM and process metrics on the same page
        assertTrue(text.contains("\njvm_memory_used_bytes{area=\"nonheap\"} "), text);
        assertTrue(text.contains("\nprocess_resident_memory_bytes "), text);
        PrometheusText.assertValid(text);
    }

    @Test
    void otherMethodsAre405() {
        FullHttpResponse r = http(Map.of()).request("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertEquals(405, r.status().code());
    }

    @Test
    void aPlainGetOnASocketPathSaysHowToConnect() {
        FullHttpResponse r = http(Map.of()).request(EmbeddedHttp.get("/ws/events"));
        assertEquals(400, r.status().code());
        assertTrue(body(r).contains("WebSocket"), body(r));
    }

    @Test
    void upgradesEventsAndPushesEventsAsJsonText() {
        ServerContext ctx = TestServers.context(TestServers.settings(Map.of()), new RecordingReceiver(), metrics);
        EmbeddedHttp h = new EmbeddedHttp(ctx);
        FullHttpResponse r = h.request(EmbeddedHttp.upgrade("/ws/events?stream=a", "Origin: http://localhost:8080"));
        assertEquals(101, r.status().code());
        assertEquals(1, ctx.broadcaster().clientCount());
        ctx.broadcaster().publish(emotion("b", 1));
        ctx.broadcaster().publish(emotion("a", 2));
        List<WebSocketFrame> frames = h.frames();
        assertEquals(1, frames.size(), "only stream a");
        String json = ((TextWebSocketFrame) frames.get(0)).text();
        assertTrue(json.startsWith("{\"type\":\"emotion\",\"id\":\"a:2\""), json);
        h.server.close();
        assertEquals(0, ctx.broadcaster().clientCount());
    }

    @Test
    void historyIsReplayedToClientsThatAskForIt() {
        ServerContext ctx = TestServers.context(TestServers.settings(Map.of()), new RecordingReceiver(), metrics);
        ctx.broadcaster().publish(emotion("a", 1));
        ctx.broadcaster().publish(emotion("a", 2));
        EmbeddedHttp h = new EmbeddedHttp(ctx);
        assertEquals(101, h.request(EmbeddedHttp.upgrade("/ws/events?history=true")).status().code());
        assertEquals(2, h.frames().size());
        EmbeddedHttp plain = new EmbeddedHttp(ctx);
        assertEquals(101, plain.request(EmbeddedHttp.upgrade("/ws/events")).status().code());
        assertEquals(0, plain.frames().size());
    }

    @Test
    void tokenIsRequiredWhenConfigured() {
        Map<String, String> s = Map.of("server.token", "s3cret");
        assertEquals(401, http(s).request(EmbeddedHttp.upgrade("/ws/events")).status().code());
        assertEquals(401, http(s).request(EmbeddedHttp.upgrade("/ws/audio?token=nope")).status().code());
        assertEquals(101, http(s).request(EmbeddedHttp.upgrade("/ws/events?token=s3cret")).status().code());
        assertEquals(101, http(s).request(EmbeddedHttp.upgrade("/ws/audio", "Authorization: Bearer s3cret")).status().code());
    }

    @Test
    void foreignBrowserOriginsAreRefused() {
        FullHttpResponse r = http(Map.of()).request(EmbeddedHttp.upgrade("/ws/events", "Origin: https://evil.example"));
        assertEquals(403, r.status().code());
        assertTrue(body(r).contains("evil.example"), body(r));
        Map<String, String> allow = Map.of("server.allowed-origins", "https://ops.example");
        assertEquals(101, http(allow).request(EmbeddedHttp.upgrade("/ws/events", "Origin: https://ops.example")).status().code());
    }

    @Test
    void audioTextFrameClosesWith1003AndAReason() {
        EmbeddedHttp h = http(Map.of());
        assertEquals(101, h.request(EmbeddedHttp.upgrade("/ws/audio?stream=s1")).status().code());
        h.send(new TextWebSocketFrame("hello"));
        List<WebSocketFrame> frames = h.frames();
        CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, frames.get(frames.size() - 1));
        assertEquals(1003, close.statusCode());
        assertTrue(close.reasonText().contains("binary"), close.reasonText());
    }

    @Test
    void oversizedAudioFrameClosesWith1009() {
        EmbeddedHttp h = http(Map.of("server.audio.max-frame-bytes", "1000"));
        assertEquals(101, h.request(EmbeddedHttp.upgrade("/ws/audio?stream=s1")).status().code());
        h.send(new io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame(io.netty.buffer.Unpooled.wrappedBuffer(new byte[2000])));
        List<WebSocketFrame> frames = h.frames();
        CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, frames.get(frames.size() - 1));
        assertEquals(1009, close.statusCode());
    }

    @Test
    void idleHttpConnectionsCloseAndIdleSocketsArePinged() {
        EmbeddedHttp idle = http(Map.of());
        assertEquals(200, idle.request(EmbeddedHttp.get("/health")).status().code());
        idle.server.advanceTimeBy(ServerInitializer.HTTP_IDLE_SECONDS + 1, java.util.concurrent.TimeUnit.SECONDS);
        idle.server.runScheduledPendingTasks();
        assertTrue(!idle.server.isOpen(), "idle HTTP connection closed");

        EmbeddedHttp ws = http(Map.of());
        assertEquals(101, ws.request(EmbeddedHttp.upgrade("/ws/events")).status().code());
        ws.server.advanceTimeBy(HttpRouter.KEEPALIVE_SECONDS + 1, java.util.concurrent.TimeUnit.SECONDS);
        ws.server.runScheduledPendingTasks();
        assertTrue(ws.server.isOpen(), "a quiet WebSocket stays open");
        assertTrue(ws.frames().stream().anyMatch(f -> f instanceof io.netty.handler.codec.http.websocketx.PingWebSocketFrame),
                "and is pinged");
    }

    static EmotionEvent emotion(String stream, long seq) {
        return new EmotionEvent(stream, seq, seq * 500, seq * 500 + 2000, "anger", 0.7,
                Map.of("anger", 0.7, "neutral", 0.3), "anger", null, List.of("audio"), "test-model");
    }
}
