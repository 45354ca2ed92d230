package emostream.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Every connection starts as HTTP: codec, compression (the dashboard's script and chart library), whole
 * requests, then the router. A WebSocket upgrade replaces the HTTP handlers with the endpoint's (see
 * {@link HttpRouter}).
 */
final class ServerInitializer extends ChannelInitializer<Channel> {

    /** Requests carry no body we need: headers and a small form at most. */
    static final int MAX_REQUEST_BYTES = 16 * 1024;
    /** An HTTP connection that says nothing for this long is closed (browsers reopen as needed). */
    static final int HTTP_IDLE_SECONDS = 60;

    private final ServerContext server;
    private final ChannelGroup channels;
    private final SslContext tls;

    /** @param tls for https/wss, or {@code null} for plain HTTP */
    ServerInitializer(ServerContext server, ChannelGroup channels, SslContext tls) {
        this.server = server;
        this.channels = channels;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel ch) {
        channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            p.addLast("tls", tls.newHandler(ch.alloc()));
        }
        p.addLast("idle", new IdleStateHandler(0, 0, HTTP_IDLE_SECONDS));
        p.addLast("http", new HttpServerCodec());
        p.addLast("compress", new HttpContentCompressor());
        p.addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES));
        p.addLast("router", new HttpRouter(server));
    }
}
