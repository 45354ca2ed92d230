package emostream.server;

import emostream.audio.AudioReceiver;
import emostream.audio.PcmConverter;
import io.netty.channel.Channel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds one /ws/audio stream to the pipeline from its own thread, so the model never runs on a Netty event loop
 * and the stream's audio arrives in order from one thread. The queue is bounded by pausing reads: past
 * {@code maxPendingBytes} the channel stops reading (TCP then slows the sender) until half of it is processed.
 */
final class AudioStreamWorker {

    private final String stream;
    private final AudioReceiver receiver;
    private final Channel channel;
    private final long maxPendingBytes;
    private final PcmConverter decoder;
    private final ExecutorService thread;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile boolean paused;
    private volatile boolean failed;
    /** Shutdown ran out of time: skip the backlog and leave the flush to the pipeline's own close. */
    private volatile boolean abandoned;
    private boolean finishing; // event loop only

    /** @param thread runs this stream's work in order (one thread; {@link #ownThread} in production) */
    AudioStreamWorker(String stream, int rate, AudioReceiver receiver, Channel channel, long maxPendingBytes,
                      ExecutorService thread) {
        this.stream = stream;
        this.receiver = receiver;
        this.channel = channel;
        this.maxPendingBytes = maxPendingBytes;
        this.decoder = new PcmConverter(rate, 1);
        this.thread = thread;
    }

    static ExecutorService ownThread(String stream) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ws-audio-" + stream);
            t.setDaemon(true);
            return t;
        });
    }

    /** Event loop: queues one frame of PCM (whole 16-bit samples). */
    void accept(byte[] pcm) {
        if (finishing || failed) {
            return;
        }
        long pending = pendingBytes.addAndGet(pcm.length);
        try {
            thread.execute(() -> feed(pcm));
        } catch (RejectedExecutionException e) {
            pendingBytes.addAndGet(-pcm.length);
            return;
        }
        if (pending >= maxPendingBytes && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
            resumeIfDrained(); // the worker may have caught up before it could see the flag
        }
    }

    private void feed(byte[] pcm) {
        try {
            if (!failed && !abandoned) {
                float[] samples = decoder.convert(pcm, 0, pcm.length);
                if (samples.length > 0) {
                    receiver.audio(stream, samples, 0, samples.length);
                }
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            long left = pendingBytes.addAndGet(-pcm.length);
            if (paused && left <= maxPendingBytes / 2) {
                channel.eventLoop().execute(this::resumeIfDrained);
            }
        }
    }

    private void resumeIfDrained() {
        if (paused && pendingBytes.get() <= maxPendingBytes / 2) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }

    private void fail(RuntimeException e) {
        failed = true;
        WebServer.log.warn("/ws/audio stream {}: the pipeline rejected audio: {}", stream, e.toString());
        channel.eventLoop().execute(() -> Closing.close(channel,
                io.netty.handler.codec.http.websocketx.WebSocketCloseStatus.INTERNAL_SERVER_ERROR,
                "pipeline error: " + e.getMessage()));
    }

    /**
     * Event loop: after the queued audio, flushes the stream's last window and transcript ({@link AudioReceiver#end})
     * on the stream's thread. The future completes once every event of the stream has been published.
     */
    CompletableFuture<Void> finish() {
        if (!finishing) {
            finishing = true;
            try {
                thread.execute(this::end);
                thread.shutdown();
            } catch (RejectedExecutionException abandonedAlready) {
                finished.complete(null);
            }
        }
        return finished;
    }

    private void end() {
        try {
            if (abandoned) {
                return;
            }
            float[] tail = decoder.flush();
            if (tail.length > 0 && !failed) {
                receiver.audio(stream, tail, 0, tail.length);
            }
            receiver.end(stream);
        } catch (RuntimeException e) {
            WebServer.log.warn("/ws/audio stream {}: ending it failed: {}", stream, e.toString());
        } finally {
            finished.complete(null);
        }
    }

    /**
     * Shutdown could not wait for the backlog: queued audio is skipped and the stream is not ended here (the
     * pipeline's close flushes it). Returns once this stream's thread has left the pipeline, so the caller may
     * close the pipeline without racing it; false if that took longer than {@code millis}.
     */
    boolean abandon(long millis) throws InterruptedException {
        abandoned = true;
        thread.shutdown();
        return thread.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    /** A worker that never started (its stream was refused). */
    void discard() {
        thread.shutdownNow();
    }

    long pendingBytes() {
        return pendingBytes.get();
    }

    boolean paused() {
        return paused;
    }
}
