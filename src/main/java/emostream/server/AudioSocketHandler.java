package emostream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.audio.AudioReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * {@code /ws/audio}: binary frames of 16-bit little-endian PCM at the requested rate go into the pipeline as one
 * stream, like any other source. A text frame {@code {"type":"end"}} ends the stream (its last window and
 * transcript are flushed) and the server closes with 1000 once that stream's events were sent; closing the socket
 * also ends the stream. With {@code events=true} the socket also receives the stream's events.
 *
 * <p>Bad input closes the socket with a code and a one-line reason, after the audio already received has been
 * passed on: 1008 bad parameters or a busy stream, 1003 a text frame that is not the end message, 1007 an odd
 * byte count, 1009 a frame over {@code server.audio.max-frame-bytes}.
 */
final class AudioSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AudioParams.Parsed request;
    private final AudioStreams streams;
    private final AudioReceiver receiver;
    private final EventBroadcaster broadcaster;
    private final Function<String, EventClient> clientFactory;
    private final ServerMetrics metrics;
    private final int maxFrameBytes;
    private final long maxPendingBytes;
    private final Function<String, ExecutorService> threads;

    private AudioParams params;
    private AudioStreamWorker worker;
    private EventClient client;
    private boolean closing;

    AudioSocketHandler(AudioParams.Parsed request, AudioStreams streams, AudioReceiver receiver,
                       EventBroadcaster broadcaster, Function<String, EventClient> clientFactory,
                       ServerMetrics metrics, int maxFrameBytes, long maxPendingSamples16k,
                       Function<String, ExecutorService> threads) {
        this.threads = threads;
        this.request = request;
        this.streams = streams;
        this.receiver = receiver;
        this.broadcaster = broadcaster;
        this.clientFactory = clientFactory;
        this.metrics = metrics;
        this.maxFrameBytes = maxFrameBytes;
        this.maxPendingBytes = request.params() == null ? 0
                : Math.max(maxFrameBytes, maxPendingSamples16k * 2 * request.params().rate() / 16_000);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            start(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    private void start(ChannelHandlerContext ctx) {
        if (request.problem() != null) {
            reject(ctx, WebSocketCloseStatus.POLICY_VIOLATION, request.problem());
            return;
        }
        AudioParams p = request.params();
        AudioStreamWorker w = new AudioStreamWorker(p.stream(), p.rate(), receiver, ctx.channel(), maxPendingBytes,
                threads.apply(p.stream()));
        AudioStreams.Refusal busy = streams.acquire(p.stream(), ctx.channel(), w);
        if (busy != null) {
            w.discard();
            reject(ctx, busy.status(), busy.reason());
            return;
        }
        params = p;
        worker = w;
        if (p.events()) {
            client = clientFactory.apply(p.stream());
            broadcaster.subscribe(client, false);
        }
        WebServer.log.info("/ws/audio: stream {} from {} at {} Hz", p.stream(), ctx.channel().remoteAddress(), p.rate());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (worker == null || closing) {
            return; // rejected, or ending: later frames are dropped
        }
        if (frame instanceof BinaryWebSocketFrame) {
            ByteBuf content = frame.content();
            int n = content.readableBytes();
            if (n % 2 != 0) {
                reject(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                        "frame of " + n + " bytes: 16-bit samples need an even byte count");
                return;
            }
            if (n > 0) {
                metrics.audioBytes.add(n);
                worker.accept(ByteBufUtil.getBytes(content));
            }
        } else if (frame instanceof TextWebSocketFrame text) {
            if (isEndMessage(text.text())) {
                endStream(ctx);
            } else {
                reject(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                        "text frame on /ws/audio: send 16-bit little-endian PCM as binary frames, or {\"type\":\"end\"}");
            }
        }
    }

    static boolean isEndMessage(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() && "end".equals(n.path("type").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** Flushes the stream; closes with 1000 when its last events have gone out. */
    private void endStream(ChannelHandlerContext ctx) {
        closing = true;
        worker.finish().whenComplete((ok, err) -> ctx.channel().eventLoop().execute(() -> {
            Runnable close = () -> Closing.close(ctx.channel(), WebSocketCloseStatus.NORMAL_CLOSURE, "end of stream");
            if (client != null) {
                client.afterDrained(close);
            } else {
                close.run();
            }
        }));
    }

    private void reject(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        metrics.audioRejected.inc();
        WebServer.log.info("/ws/audio from {}: closing ({} {}): {}", ctx.channel().remoteAddress(),
                status.code(), status.reasonText(), reason);
        Closing.close(ctx.channel(), status, reason);
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
        if (worker != null) {
            // the audio received so far still counts: flush the stream's last window and transcript
            String stream = params.stream();
            worker.finish().whenComplete((ok, err) -> streams.release(stream));
        }
        if (client != null) {
            broadcaster.unsubscribe(client);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            reject(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    "message over " + maxFrameBytes + " bytes (server.audio.max-frame-bytes)");
        } else if (cause instanceof CorruptedWebSocketFrameException e) {
            // the frame decoder already sent its close frame (e.g. 1009 for an oversized frame)
            metrics.audioRejected.inc();
            WebServer.log.info("/ws/audio from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
        } else {
            WebServer.log.debug("/ws/audio from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
