package emostream.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.audio.AudioReceiver;
import emostream.metrics.Metrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What every connection shares: settings, access policy, files, metrics, the broadcaster and the audio streams.
 * Thread-safe; one per server. Creates each WebSocket endpoint's handler.
 */
final class ServerContext {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSettings settings;
    private final AccessPolicy access;
    private final StaticFiles files;
    private final Metrics metrics;
    private final ServerMetrics serverMetrics;
    private final EventBroadcaster broadcaster;
    private final AudioStreams audioStreams;
    private final AudioReceiver receiver;
    private final Supplier<Set<String>> pipelineStreams;
    private final long startedNanos = System.nanoTime();

    ServerContext(ServerSettings settings, EventBroadcaster broadcaster, AudioReceiver receiver,
                  Supplier<Set<String>> pipelineStreams, Metrics metrics) {
        this.settings = settings;
        this.access = new AccessPolicy(settings.token(), settings.allowedOrigins());
        this.files = new StaticFiles("/web");
        this.metrics = metrics;
        this.broadcaster = broadcaster;
        this.receiver = receiver;
        this.pipelineStreams = pipelineStreams;
        this.audioStreams = new AudioStreams(settings.maxAudioStreams(), pipelineStreams);
        this.serverMetrics = new ServerMetrics(metrics, broadcaster::clientCount, audioStreams::count,
                broadcaster::windowsPerSecond);
    }

    ServerSettings settings() {
        return settings;
    }

    AccessPolicy access() {
        return access;
    }

    StaticFiles files() {
        return files;
    }

    Metrics metrics() {
        return metrics;
    }

    ServerMetrics serverMetrics() {
        return serverMetrics;
    }

    EventBroadcaster broadcaster() {
        return broadcaster;
    }

    AudioStreams audioStreams() {
        return audioStreams;
    }

    EventClient newClient(Channel channel, String stream) {
        return new EventClient(channel, stream, settings.eventBuffer(), settings.stall().toNanos(),
                serverMetrics, System::nanoTime);
    }

    /** {@code /ws/events?stream=ID&history=true}. */
    ChannelHandler eventsHandler(QueryStringDecoder query, Channel channel) {
        String stream = AudioParams.first(query, "stream");
        String history = AudioParams.first(query, "history");
        boolean replay = history != null && (history.isEmpty() || history.equals("true") || history.equals("1"));
        String filter = stream == null || stream.isBlank() ? null : stream;
        return new EventsSocketHandler(broadcaster, () -> newClient(channel, filter), replay);
    }

    /** {@code /ws/audio?stream=ID&rate=16000&events=true}. */
    ChannelHandler audioHandler(QueryStringDecoder query, Channel channel) {
        return new AudioSocketHandler(AudioParams.parse(query), audioStreams, receiver, broadcaster,
                stream -> newClient(channel, stream), serverMetrics, settings.maxAudioFrame(),
                settings.audioQueueSamples(), AudioStreamWorker::ownThread);
    }

    String healthJson() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("version", WebServer.version());
        h.put("uptime_seconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        h.put("streams", new TreeSet<>(pipelineStreams.get()));
        h.put("audio_streams", new TreeSet<>(audioStreams.names()));
        h.put("recent_streams", broadcaster.recentStreams());
        h.put("event_clients", broadcaster.clientCount());
        h.put("token_required", access.tokenRequired());
        try {
            return JSON.writeValueAsString(h);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
