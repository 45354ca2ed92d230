package emostream.server;

import emostream.audio.AudioReceiver;
import emostream.config.Config;
import emostream.config.ConfigException;
import emostream.metrics.Metrics;
import emostream.publish.Event;
import emostream.publish.EventJson;
import emostream.publish.EventBus;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP/WebSocket server: one port for the dashboard ({@code GET /}), {@code /ws/events}, {@code /ws/audio},
 * {@code /health} and {@code /metrics}. It subscribes a broadcaster to the pipeline's {@link EventBus} and hands
 * {@code /ws/audio} streams to the pipeline's {@link AudioReceiver}.
 */
public final class WebServer implements AutoCloseable {

    static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** How long shutdown waits for the /ws/audio backlog to go through the pipeline. */
    static final long AUDIO_DRAIN_MILLIS = 5_000;

    private final ServerContext context;
    private final EventBus bus;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels;
    private final Channel listener;
    private final InetSocketAddress address;
    private final boolean tls;

    private WebServer(ServerSettings settings, EventBus bus, AudioReceiver receiver,
                      Supplier<Set<String>> pipelineStreams, Metrics metrics, Function<Event, String> json) {
        this.bus = bus;
        this.tls = settings.tls();
        SslContext ssl = tls(settings); // before any thread starts: a bad certificate has nothing to shut down
        EventBroadcaster broadcaster = new EventBroadcaster(json, settings.historyEvents());
        this.context = new ServerContext(settings, broadcaster, receiver, pipelineStreams, metrics);
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("http-accept", true),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(Math.min(4, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("http", true), NioIoHandler.newFactory());
        this.channels = new DefaultChannelGroup("emostream-http", GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                // writability flips at 64 KiB queued per connection: an event client's own queue takes over there
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ServerInitializer(context, channels, ssl));
        try {
            this.listener = b.bind(settings.host(), settings.port()).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + why
                    + " (choose another server.port / --port, or --no-server)", new IOException(e));
        }
        this.address = (InetSocketAddress) listener.localAddress();
        bus.subscribe(broadcaster);
    }

    private static SslContext tls(ServerSettings settings) {
        if (!settings.tls()) {
            return null;
        }
        try {
            return SslContextBuilder.forServer(settings.tlsCert().toFile(), settings.tlsKey().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("server.tls.cert", "cannot use " + settings.tlsCert() + " with "
                    + settings.tlsKey() + " (PEM certificate and unencrypted PKCS#8 PEM key expected): " + e.getMessage());
        }
    }

    /**
     * Starts the server on the pipeline.
     *
     * @param bus             where the pipeline publishes; the server subscribes for the lifetime of the server
     * @param receiver        where {@code /ws/audio} audio goes (the Detector)
     * @param pipelineStreams streams open in the pipeline (the Detector's {@code streams()}), so a WebSocket
     *                        cannot feed a stream another source feeds
     */
    public static WebServer start(ServerSettings settings, EventBus bus, AudioReceiver receiver,
                                  Supplier<Set<String>> pipelineStreams, Metrics metrics) {
        WebServer s = new WebServer(settings, bus, receiver, pipelineStreams, metrics, EventJson::toJson);
        log.info("dashboard on {} ({} and {} for programs)", s.url(), s.wsUrl(HttpRouter.EVENTS_PATH),
                s.wsUrl(HttpRouter.AUDIO_PATH));
        if (settings.token() == null && !s.address.getAddress().isLoopbackAddress()) {
            log.warn("the server listens on {} without a token: anyone who can reach it can read events and send "
                    + "audio (set server.token)", settings.host());
        }
        return s;
    }

    /** The run command's wiring: starts the server unless {@code server.enabled} is false. */
    public static Optional<WebServer> startIfEnabled(Config config, EventBus bus, AudioReceiver receiver,
                                                     Supplier<Set<String>> pipelineStreams) {
        if (!ServerSettings.enabled(config)) {
            return Optional.empty();
        }
        return Optional.of(start(ServerSettings.from(config), bus, receiver, pipelineStreams, Metrics.global()));
    }

    public int port() {
        return address.getPort();
    }

    /** {@code http://host:port/}; a wildcard bind shows as localhost. */
    public String url() {
        return (tls ? "https://" : "http://") + displayHost() + ":" + port() + "/";
    }

    public String wsUrl(String path) {
        return (tls ? "wss://" : "ws://") + displayHost() + ":" + port() + path;
    }

    private String displayHost() {
        String h = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /**
     * Ends every /ws/audio stream (the audio already received is processed and each stream's last window flushed)
     * and refuses new ones; returns when the pipeline has them all. The run command calls this before it flushes
     * the detector, so no WebSocket audio arrives while the detector closes. Events keep flowing until {@link #close}.
     */
    public void stopAudio() {
        stopAudio(AUDIO_DRAIN_MILLIS);
    }

    void stopAudio(long drainMillis) {
        AudioStreams streams = context.audioStreams();
        for (Channel ch : streams.stop()) {
            ch.eventLoop().execute(() -> Closing.close(ch, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server shutting down"));
        }
        try {
            if (streams.awaitEmpty(drainMillis)) {
                return;
            }
            // the pipeline is slower than the backlog allows: skip the rest, and make sure no stream thread is
            // still inside the pipeline when this returns (its close flushes those streams itself)
            log.warn("audio streams {} still had audio queued after {} s; skipping it", streams.names(),
                    drainMillis / 1000.0);
            for (AudioStreamWorker w : streams.workers()) {
                if (!w.abandon(60_000)) {
                    log.warn("an audio stream thread is still busy in the pipeline after 60 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops accepting, closes every socket (event clients get 1001), ends the /ws/audio streams (their last
     * windows are flushed into the pipeline) and waits for that, so the pipeline can be closed after this returns.
     */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        stopAudio();
        bus.unsubscribe(context.broadcaster());
        context.broadcaster().close();
        channels.close().awaitUninterruptibly(3, TimeUnit.SECONDS);
        shutdownGroups();
    }

    private void shutdownGroups() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    static String version() {
        String v = WebServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
