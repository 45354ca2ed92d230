package emostream.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import emostream.audio.AudioReceiver;
import emostream.fuzz.FuzzChecks;
import emostream.metrics.Metrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the {@code /ws/audio} frame handler behind the same frame decoder and aggregator the
 * server puts in front of it after the handshake, through an {@link EmbeddedChannel}: a fuzzed query string and a
 * sequence of client frames (any opcode, fin bit, payload, properly masked or not, or raw bytes) arrive as network
 * bytes. No exception may reach the end of the pipeline (bad input closes the socket with a code instead), the
 * pipeline gets only samples in [-1, 1], and allocation stays under {@link FuzzChecks#allocationBound}.
 */
class AudioSocketFuzzTest {

    private static final int MAX_FRAME = 1 << 14;
    private final Metrics metrics = new Metrics();
    private final ServerMetrics serverMetrics = new ServerMetrics(metrics, () -> 0, () -> 0, () -> 0);
    private final EventBroadcaster broadcaster = new EventBroadcaster(emostream.publish.EventJson::toJson, 0);

    @FuzzTest(maxDuration = "30m")
    void clientFrames(FuzzedDataProvider in) throws Exception {
        String query = in.consumeString(60);
        AudioReceiver checking = new AudioReceiver() {
            @Override
            public void audio(String stream, float[] pcm, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (!(pcm[i] >= -1f && pcm[i] <= 1f)) {
                        throw new AssertionError("sample " + pcm[i] + " outside [-1, 1]");
                    }
                }
            }

            @Override
            public void end(String stream) {
            }
        };
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int frames = in.consumeInt(0, 8);
        for (int f = 0; f < frames; f++) {
            if (in.consumeInt(0, 9) == 0) {
                wire.writeBytes(in.consumeBytes(32)); // raw bytes: a broken client
                continue;
            }
            int opcode = in.pickValue(new int[] {0x0, 0x1, 0x2, 0x8, 0x9, 0xA, in.consumeInt(0, 15)});
            boolean fin = in.consumeBoolean();
            byte[] payload = opcode == 0x1 && in.consumeBoolean()
                    ? in.pickValue(new String[] {"{\"type\":\"end\"}", "{\"type\":1}", "[]", "{"}).getBytes()
                    : in.consumeBytes(in.consumeInt(0, 3000));
            boolean masked = in.consumeInt(0, 7) != 0;
            wire.writeBytes(frame(fin, opcode, payload, masked ? in.consumeInt() : 0, masked));
        }
        byte[] bytes = wire.toByteArray();
        FuzzChecks.withinBound(bytes.length + 256, "handling the frames", () -> feed(query, bytes, checking));
    }

    private void feed(String query, byte[] bytes, AudioReceiver checking) {
        AudioStreams streams = new AudioStreams(4, Set::of);
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        AudioSocketHandler handler = new AudioSocketHandler(AudioParams.parse(new QueryStringDecoder("/ws/audio?" + query)),
                streams, checking, broadcaster,
                stream -> new EventClient(ch[0], stream, 16, 1_000_000_000L, serverMetrics, System::nanoTime),
                serverMetrics, MAX_FRAME, 16_000, s -> new DirectExecutor());
        ch[0] = new EmbeddedChannel(
                new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME).build()),
                new WebSocketFrameAggregator(MAX_FRAME), handler);
        ch[0].pipeline().fireUserEventTriggered(new WebSocketServerProtocolHandler.HandshakeComplete(
                "/ws/audio?" + query, new DefaultHttpHeaders(), null));
        int p = 0;
        int step = Math.max(1, bytes.length / 3);
        try {
            while (p < bytes.length && ch[0].isOpen()) {   // network bytes arrive in pieces
                int n = Math.min(step, bytes.length - p);
                ch[0].writeInbound(Unpooled.wrappedBuffer(bytes, p, n));
                p += n;
            }
            ch[0].runPendingTasks();
            ch[0].finishAndReleaseAll();   // rethrows anything that reached the end of the pipeline
        } catch (CorruptedWebSocketFrameException e) {
            if (ch[0].pipeline().get(AudioSocketHandler.class) != null) {
                throw e;
            }
            // EmbeddedChannel.close() runs the deregistration at once, so a protocol error the decoder finds
            // later in the same read (say, an unmasked frame after the end message) finds the pipeline already
            // torn down; a socket channel deregisters after the read, and the handler gets it (exceptionCaught)
            ch[0].releaseInbound();
            ch[0].releaseOutbound();
        }
    }

    /** One client frame (RFC 6455 §5.2). */
    static byte[] frame(boolean fin, int opcode, byte[] payload, int maskKey, boolean masked) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | (opcode & 0x0f));
        int m = masked ? 0x80 : 0;
        if (payload.length < 126) {
            b.write(m | payload.length);
        } else {
            b.write(m | 126);
            b.write(payload.length >> 8);
            b.write(payload.length);
        }
        byte[] key = {(byte) (maskKey >> 24), (byte) (maskKey >> 16), (byte) (maskKey >> 8), (byte) maskKey};
        if (masked) {
            b.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            b.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return b.toByteArray();
    }
}
