package emostream.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's real pipeline ({@link ServerInitializer}) in an EmbeddedChannel, driven with raw bytes the way a
 * browser would send them: HTTP requests, then masked WebSocket frames after an upgrade.
 */
final class EmbeddedHttp {

    final EmbeddedChannel server;
    private final EmbeddedChannel responses = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 22));
    private final EmbeddedChannel frameOut = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
    private EmbeddedChannel frameIn;

    EmbeddedHttp(ServerContext context) {
        server = new EmbeddedChannel(new ServerInitializer(context, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), null));
    }

    static String get(String path, String... headers) {
        StringBuilder sb = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost:8080\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    static String upgrade(String path, String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = "Upgrade: websocket";
        all[1] = "Connection: Upgrade";
        all[2] = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
        all[3] = "Sec-WebSocket-Version: 13";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return get(path, all);
    }

    /** Sends a raw request and decodes the response (null when none was written). */
    FullHttpResponse request(String raw) {
        server.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.US_ASCII));
        server.runPendingTasks();
        ByteBuf out;
        FullHttpResponse response = null;
        while ((out = server.readOutbound()) != null) {
            if (response == null) {
                responses.writeInbound(out);
                response = responses.readInbound();
            } else {
                early.add(out); // frames the server sent right after the 101
            }
        }
        return response;
    }

    private final List<ByteBuf> early = new ArrayList<>();

    /** After a 101: sends one frame, masked as a client must. */
    void send(WebSocketFrame frame) {
        frameOut.writeOutbound(frame);
        ByteBuf b;
        while ((b = frameOut.readOutbound()) != null) {
            server.writeInbound(b);
        }
        server.runPendingTasks();
    }

    /** Frames the server wrote since the last call. */
    List<WebSocketFrame> frames() {
        if (frameIn == null) {
            frameIn = new EmbeddedChannel(new WebSocket13FrameDecoder(false, true, 1 << 20));
        }
        server.runPendingTasks();
        early.forEach(frameIn::writeInbound);
        early.clear();
        Object out;
        while ((out = server.readOutbound()) != null) {
            if (out instanceof ByteBuf b) {
                frameIn.writeInbound(b);
            }
        }
        List<WebSocketFrame> frames = new ArrayList<>();
        WebSocketFrame f;
        while ((f = frameIn.readInbound()) != null) {
            frames.add(f);
        }
        return frames;
    }
}
