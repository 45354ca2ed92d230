package emostream.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.function.Supplier;

/**
 * {@code /ws/events}: after the handshake the channel becomes an {@link EventClient} of the broadcaster and
 * receives every event (of one stream, or all) as a JSON text frame. It only sends: text from the client is
 * ignored (browsers may send keep-alives), binary frames close the socket with 1003.
 */
final class EventsSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private final EventBroadcaster broadcaster;
    private final Supplier<EventClient> clientFactory;
    private final boolean history;
    private EventClient client;

    EventsSocketHandler(EventBroadcaster broadcaster, Supplier<EventClient> clientFactory, boolean history) {
        this.broadcaster = broadcaster;
        this.clientFactory = clientFactory;
        this.history = history;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            client = clientFactory.get();
            broadcaster.subscribe(client, history);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame)) {
            Closing.close(ctx.channel(), WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "/ws/events only sends; send audio to /ws/audio");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (client != null && ctx.channel().isWritable()) {
            client.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (client != null) {
            broadcaster.unsubscribe(client);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebServer.log.debug("/ws/events {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
