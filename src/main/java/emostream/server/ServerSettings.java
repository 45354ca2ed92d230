package emostream.server;

import emostream.config.Config;
import emostream.config.ConfigException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code server.*} settings, checked once at start.
 *
 * @param token           shared secret for both WebSocket endpoints, or {@code null} for none
 * @param allowedOrigins  browser origins allowed besides the server's own ({@code *} = any), lower case
 * @param eventBuffer     per-client queue of /ws/events, in events
 * @param stall           a client whose queue stays full without accepting anything this long is closed
 * @param historyEvents   recent events kept for {@code history=true} subscribers (0 = none)
 * @param maxAudioFrame   largest /ws/audio binary frame, bytes
 * @param maxAudioStreams concurrent /ws/audio streams
 * @param audioQueueSamples 16 kHz samples waiting for the pipeline before reads from that socket pause
 * @param tlsCert         PEM certificate chain for https/wss, or {@code null} for plain HTTP
 * @param tlsKey          its PEM (PKCS#8) private key
 */
public record ServerSettings(
        String host,
        int port,
        String token,
        List<String> allowedOrigins,
        int eventBuffer,
        Duration stall,
        int historyEvents,
        int maxAudioFrame,
        int maxAudioStreams,
        int audioQueueSamples,
        Path tlsCert,
        Path tlsKey) {

    public ServerSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public static ServerSettings from(Config config) {
        String token = config.optional("server.token");
        List<String> origins = config.list("server.allowed-origins").stream()
                .map(o -> checkOrigin(o.toLowerCase(Locale.ROOT)))
                .toList();
        return new ServerSettings(
                config.string("server.host"),
                config.intValue("server.port", 0, 65_535),
                token,
                origins,
                config.intValue("server.events.buffer", 1, 1_000_000),
                Duration.ofMillis(Math.round(1000 * config.doubleValue("server.events.stall-seconds", 0.1, 3600))),
                config.intValue("server.events.history", 0, 1_000_000),
                config.intValue("server.audio.max-frame-bytes", 2, 16 << 20),
                config.intValue("server.audio.max-streams", 1, 10_000),
                (int) Math.round(16_000 * config.doubleValue("server.audio.queue-seconds", 0.1, 600)),
                readable(config, "server.tls.cert"),
                readable(config, "server.tls.key"));
    }

    public boolean tls() {
        return tlsCert != null;
    }

    private static Path readable(Config config, String key) {
        Path p = config.path(key);
        String other = key.endsWith("cert") ? "server.tls.key" : "server.tls.cert";
        if ((p == null) != (config.path(other) == null)) {
            throw new ConfigException(key, "https needs both server.tls.cert and server.tls.key");
        }
        if (p != null && !(Files.isRegularFile(p) && Files.isReadable(p))) {
            throw new ConfigException(key, p + " is not a readable file");
        }
        return p;
    }

    public static boolean enabled(Config config) {
        return config.bool("server.enabled");
    }

    /** An allow-list entry is {@code *}, {@code null} (file pages) or a scheme://host[:port] origin. */
    private static String checkOrigin(String origin) {
        if (origin.equals("*") || origin.equals("null")) {
            return origin;
        }
        try {
            URI u = new URI(origin);
            if (u.getScheme() != null && u.getHost() != null && (u.getPath() == null || u.getPath().isEmpty())) {
                return origin;
            }
        } catch (java.net.URISyntaxException ignored) {
            // reported below
        }
        throw new ConfigException("server.allowed-origins",
                "'" + origin + "' is not an origin like https://host:port (or * for any)");
    }
}
