package emostream.server;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.nio.charset.StandardCharsets;

/** Closing a WebSocket with a code and a reason the client can read. */
final class Closing {

    /** A close frame's payload is at most 125 bytes: 2 for the code, the rest for the reason. */
    static final int MAX_REASON_BYTES = 123;

    private Closing() {
    }

    static void close(Channel channel, WebSocketCloseStatus status, String reason) {
        if (!channel.isActive()) {
            return;
        }
        // both pass the protocol handler: it remembers the close frame, and close() then waits until the frame
        // is out, or its force-close timeout when a stalled peer never takes it
        channel.writeAndFlush(new CloseWebSocketFrame(status.code(), truncate(reason)));
        channel.close();
    }

    static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_REASON_BYTES) {
            return reason;
        }
        String s = reason;
        while (s.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 3) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "...";
    }
}
