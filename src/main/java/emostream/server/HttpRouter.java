package emostream.server;

import emostream.metrics.Metrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Routes plain HTTP requests (dashboard files, {@code /health}, {@code /metrics}) and turns an allowed WebSocket
 * upgrade on {@code /ws/events} or {@code /ws/audio} into that endpoint's pipeline: the protocol handler (which
 * does the handshake and answers pings and close frames) and the endpoint's frame handler replace this router.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String EVENTS_PATH = "/ws/events";
    static final String AUDIO_PATH = "/ws/audio";
    static final int KEEPALIVE_SECONDS = 30;

    /** Page loads only our own files; sockets go back to this server only. */
    static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ServerContext server;

    HttpRouter(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, text(HttpResponseStatus.BAD_REQUEST, "malformed request"), false);
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        try {
            query.parameters(); // decoded lazily: a bad escape ("%zz") would otherwise surface later, as no answer
        } catch (IllegalArgumentException e) {
            send(ctx, req, text(HttpResponseStatus.BAD_REQUEST, "malformed query string"), false);
            return;
        }
        String path = query.path();
        if (path.equals(EVENTS_PATH) || path.equals(AUDIO_PATH)) {
            upgrade(ctx, req, query, path);
            return;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, req, r);
            return;
        }
        switch (path) {
            case "/health" -> send(ctx, req, body(HttpResponseStatus.OK, "application/json",
                    server.healthJson().getBytes(StandardCharsets.UTF_8)));
            case "/metrics" -> {
                FullHttpResponse r = body(HttpResponseStatus.OK, Metrics.CONTENT_TYPE,
                        server.metrics().toPrometheus().getBytes(StandardCharsets.UTF_8));
                r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                send(ctx, req, r);
            }
            default -> file(ctx, req, path.equals("/") ? "index.html" : path.substring(1));
        }
    }

    private void file(ChannelHandlerContext ctx, FullHttpRequest req, String name) {
        Optional<StaticFiles.Resource> found = server.files().get(name);
        if (found.isEmpty()) {
            send(ctx, req, text(HttpResponseStatus.NOT_FOUND, "not found: /" + name));
            return;
        }
        StaticFiles.Resource res = found.get();
        FullHttpResponse r;
        if (res.etag().equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            r = body(HttpResponseStatus.OK, res.contentType(), res.bytes());
        }
        r.headers().set(HttpHeaderNames.ETAG, res.etag());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (res.contentType().startsWith("text/html")) {
            r.headers().set("Content-Security-Policy", CSP);
            // the page URL may carry ?token=: never send it on
            r.headers().set("Referrer-Policy", "no-referrer");
        }
        send(ctx, req, r);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder query, String path) {
        if (!req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            send(ctx, req, text(HttpResponseStatus.BAD_REQUEST, path + " is a WebSocket endpoint: connect with ws://"));
            return;
        }
        AccessPolicy.Denial denied = server.access().check(req, query);
        if (denied != null) {
            WebServer.log.info("{} from {} refused: {}", path, ctx.channel().remoteAddress(), denied.reason());
            send(ctx, req, text(denied.status(), denied.reason()), false);
            return;
        }
        boolean audio = path.equals(AUDIO_PATH);
        int maxFrame = audio ? server.settings().maxAudioFrame() : 4096;
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(path)
                .checkStartsWith(true) // the query string follows the path
                .handshakeTimeoutMillis(10_000)
                .forceCloseTimeoutMillis(2_000)
                .decoderConfig(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxFrame).build())
                .build();
        ChannelHandler endpoint = audio ? server.audioHandler(query, ctx.channel()) : server.eventsHandler(query, ctx.channel());
        ChannelPipeline p = ctx.pipeline();
        // sockets live long: instead of closing when idle, ping (keeps proxies from dropping a quiet socket)
        p.replace("idle", "idle", new IdleStateHandler(0, 0, KEEPALIVE_SECONDS));
        p.addAfter(ctx.name(), "ws-protocol", new WebSocketServerProtocolHandler(config));
        p.addAfter("ws-protocol", "ws-keepalive", new KeepAlive());
        if (audio) {
            // a message may come in fragments: join them, with the same size limit
            p.addAfter("ws-protocol", "ws-aggregate", new WebSocketFrameAggregator(maxFrame));
        }
        p.addLast("ws-endpoint", endpoint);
        p.remove(this);
        ctx.fireChannelRead(req.retain());
    }

    private static FullHttpResponse text(HttpResponseStatus status, String message) {
        return body(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse body(HttpResponseStatus status, String type, byte[] bytes) {
        ByteBuf content = Unpooled.wrappedBuffer(bytes);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().set("X-Content-Type-Options", "nosniff");
        return r;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r) {
        send(ctx, req, r, HttpUtil.isKeepAlive(req));
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r, boolean keepAlive) {
        if (req.method().equals(HttpMethod.HEAD)) {
            int length = r.content().readableBytes();
            FullHttpResponse head = r.replace(Unpooled.EMPTY_BUFFER);
            r.release();
            r = head;
            HttpUtil.setContentLength(r, length);
        } else {
            HttpUtil.setContentLength(r, r.content().readableBytes());
        }
        HttpUtil.setKeepAlive(r, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close(); // an idle keep-alive connection
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebServer.log.debug("http {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Pings a WebSocket that has been quiet for {@link #KEEPALIVE_SECONDS}; the peer's pong needs no handling. */
    static final class KeepAlive extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.writeAndFlush(new PingWebSocketFrame());
                return;
            }
            super.userEventTriggered(ctx, evt);
        }
    }
}
