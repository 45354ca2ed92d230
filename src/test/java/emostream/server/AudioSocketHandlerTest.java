package emostream.server;

import emostream.metrics.Metrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /ws/audio's frame handler alone, fed frames through an EmbeddedChannel; the stream's worker runs inline. */
class AudioSocketHandlerTest {

    private final Metrics metrics = new Metrics();
    private final ServerMetrics serverMetrics = new ServerMetrics(metrics, () -> 0, () -> 0, () -> 0);
    private final RecordingReceiver receiver = new RecordingReceiver();
    private final EventBroadcaster broadcaster = new EventBroadcaster(emostream.publish.EventJson::toJson, 0);
    private AudioStreams streams = new AudioStreams(4, Set::of);

    private EmbeddedChannel open(String query) {
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        AudioSocketHandler h = new AudioSocketHandler(AudioParams.parse(new QueryStringDecoder("/ws/audio" + query)),
                streams, receiver, broadcaster,
                stream -> new EventClient(ch[0], stream, 16, 1_000_000_000L, serverMetrics, System::nanoTime),
                serverMetrics, 1 << 16, 16_000, s -> new DirectExecutor());
        ch[0] = new EmbeddedChannel(h);
        ch[0].pipeline().fireUserEventTriggered(
                new WebSocketServerProtocolHandler.HandshakeComplete("/ws/audio" + query, new DefaultHttpHeaders(), null));
        return ch[0];
    }

    private static BinaryWebSocketFrame pcm(short... samples) {
        byte[] b = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b));
    }

    private static CloseWebSocketFrame closeFrame(EmbeddedChannel ch) {
        ch.runPendingTasks();
        Object last = null;
        Object o;
        while ((o = ch.readOutbound()) != null) {
            last = o;
        }
        return assertInstanceOf(CloseWebSocketFrame.class, last);
    }

    @Test
    void pcmFramesReachThePipelineAsFloats() {
        EmbeddedChannel ch = open("?stream=s1&rate=16000");
        ch.writeInbound(pcm((short) 0, (short) 16384, (short) -32768, Short.MAX_VALUE));
        assertEquals(4, receiver.samples("s1"));
        assertEquals(0.5f, receiver.audio.get("s1").get(1), 1e-6);
        assertEquals(-1f, receiver.audio.get("s1").get(2), 1e-6);
        assertEquals(8, serverMetrics.audioBytes.get());
        assertEquals(1, streams.count());
        ch.close();
        assertEquals(java.util.List.of("s1"), receiver.ended);
        assertEquals(0, streams.count(), "released once ended");
    }

    @Test
    void otherRatesAreResampledTo16k() {
        EmbeddedChannel ch = open("?stream=s48&rate=48000");
        ch.writeInbound(pcm(new short[4800]));  // 100 ms
        ch.close();
        assertEquals(1600, receiver.samples("s48"), 2);
    }

    @Test
    void endMessageFlushesTheStreamAndClosesNormally() {
        EmbeddedChannel ch = open("?stream=s1");
        ch.writeInbound(pcm((short) 1, (short) 2));
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"end\"}"));
        assertEquals(java.util.List.of("s1"), receiver.ended);
        CloseWebSocketFrame close = closeFrame(ch);
        assertEquals(1000, close.statusCode());
        assertEquals("end of stream", close.reasonText());
    }

    @Test
    void oddByteCountIs1007AfterTheGoodAudioWasPassedOn() {
        EmbeddedChannel ch = open("?stream=s1");
        ch.writeInbound(pcm((short) 1, (short) 2));
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[3])));
        CloseWebSocketFrame close = closeFrame(ch);
        assertEquals(1007, close.statusCode());
        assertTrue(close.reasonText().contains("even byte count"), close.reasonText());
        assertFalse(ch.isOpen());
        assertEquals(2, receiver.samples("s1"));
        assertEquals(java.util.List.of("s1"), receiver.ended, "the stream is still flushed");
        assertEquals(1, serverMetrics.audioRejected.get());
    }

    @Test
    void textThatIsNotTheEndMessageIs1003() {
        EmbeddedChannel ch = open("?stream=s1");
        ch.writeInbound(new TextWebSocketFrame("AAAA"));
        assertEquals(1003, closeFrame(ch).statusCode());
    }

    @Test
    void badParametersAre1008WithTheReason() {
        CloseWebSocketFrame close = closeFrame(open("?rate=fast"));
        assertEquals(1008, close.statusCode());
        assertTrue(close.reasonText().contains("bad rate 'fast'"), close.reasonText());
        assertEquals(1008, closeFrame(open("?rate=100")).statusCode());
        assertEquals(1008, closeFrame(open("?stream=a%20b")).statusCode());
        assertEquals(0, streams.count());
    }

    @Test
    void aStreamHasOneSender() {
        EmbeddedChannel first = open("?stream=dup");
        CloseWebSocketFrame close = closeFrame(open("?stream=dup"));
        assertEquals(1008, close.statusCode());
        assertTrue(close.reasonText().contains("already has a sender"), close.reasonText());
        assertTrue(first.isOpen());
    }

    @Test
    void streamsFedByAnotherSourceAreRefused() {
        streams = new AudioStreams(4, () -> Set.of("mic"));
        assertTrue(closeFrame(open("?stream=mic")).reasonText().contains("another source"));
    }

    @Test
    void tooManyStreamsIs1013() {
        streams = new AudioStreams(1, Set::of);
        open("?stream=a");
        assertEquals(1013, closeFrame(open("?stream=b")).statusCode());
    }

    @Test
    void anOversizedFragmentedMessageIs1009() {
        EmbeddedChannel ch = open("?stream=s1");
        ch.pipeline().fireExceptionCaught(new TooLongFrameException("content length exceeded"));
        assertEquals(1009, closeFrame(ch).statusCode());
    }

    @Test
    void aPipelineErrorClosesWith1011AndTheServiceGoesOn() {
        receiver.failWith = new IllegalStateException("too many open streams");
        EmbeddedChannel ch = open("?stream=s1");
        ch.writeInbound(pcm((short) 1));
        CloseWebSocketFrame close = closeFrame(ch);
        assertEquals(1011, close.statusCode());
        assertTrue(close.reasonText().contains("too many open streams"), close.reasonText());
    }

    @Test
    void eventsTrueEchoesTheStreamsOwnEvents() {
        EmbeddedChannel ch = open("?stream=s1&events=true");
        broadcaster.publish(HttpRouterTest.emotion("other", 1));
        broadcaster.publish(HttpRouterTest.emotion("s1", 2));
        ch.runPendingTasks();
        TextWebSocketFrame f = assertInstanceOf(TextWebSocketFrame.class, ch.readOutbound());
        assertTrue(f.text().contains("\"id\":\"s1:2\""), f.text());
        assertNull(ch.readOutbound());
    }
}
