package emostream.server;

import emostream.audio.AudioReceiver;
import emostream.config.Config;
import emostream.publish.EventJson;
import emostream.metrics.Metrics;

import java.util.Map;
import java.util.Set;

/** Settings and contexts for the server tests. */
final class TestServers {

    private TestServers() {
    }

    static ServerSettings settings(Map<String, String> overrides) {
        Config c = Config.defaults().with("server.port", "0").with(overrides);
        return ServerSettings.from(c);
    }

    static ServerContext context(ServerSettings settings, AudioReceiver receiver, Metrics metrics) {
        return new ServerContext(settings, new EventBroadcaster(EventJson::toJson, settings.historyEvents()),
                receiver, Set::of, metrics);
    }
}
