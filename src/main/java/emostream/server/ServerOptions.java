package emostream.server;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's flags on the {@code run} command (a picocli mixin). They become {@code server.*} overrides, so
 * flags, config files and {@code EMOSTREAM_SERVER_*} variables all go through the same checks.
 */
public final class ServerOptions {

    @Option(names = "--port", paramLabel = "PORT",
            description = "Dashboard/WebSocket port (server.port, default 8080; 0 = any free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Interface to listen on (server.host, default 127.0.0.1; 0.0.0.0 = every interface).")
    String host;

    @Option(names = "--no-server", description = "Run without the dashboard and WebSocket server.")
    boolean noServer;

    @Option(names = "--exit-when-done", description = "End when the --file/--stdin input ends, instead of serving the "
            + "dashboard until Ctrl-C (server.keep-serving=false).")
    boolean exitWhenDone;

    /** {@code server.*} overrides for {@code ConfigOptions.load(extra)}. */
    public Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>();
        if (port != null) {
            m.put("server.port", Integer.toString(port));
        }
        if (host != null) {
            m.put("server.host", host);
        }
        if (noServer) {
            m.put("server.enabled", "false");
        }
        if (exitWhenDone) {
            m.put("server.keep-serving", "false");
        }
        return m;
    }
}
