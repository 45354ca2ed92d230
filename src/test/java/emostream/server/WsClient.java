package emostream.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client that collects text messages and remembers how the server closed. */
final class WsClient implements WebSocket.Listener {

    record Closed(int code, String reason) {
    }

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static WsClient connect(String url) {
        WsClient c = new WsClient();
        c.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), c).join();
        return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }

    void sendPcm(byte[] pcm, int frameBytes) {
        for (int off = 0; off < pcm.length; off += frameBytes) {
            int n = Math.min(frameBytes, pcm.length - off);
            socket.sendBinary(ByteBuffer.wrap(pcm, off, n), true).join();
        }
    }

    Closed awaitClose(long seconds) throws Exception {
        return closed.get(seconds, TimeUnit.SECONDS);
    }

    /** Messages until none arrives for {@code quietMillis}. */
    List<String> drain(long quietMillis) throws InterruptedException {
        List<String> out = new ArrayList<>();
        String m;
        while ((m = messages.poll(quietMillis, TimeUnit.MILLISECONDS)) != null) {
            out.add(m);
        }
        return out;
    }
}
