package emostream.server;

import emostream.metrics.Metrics;
import emostream.publish.EventBus;

import java.util.Map;
import java.util.Set;

/**
 * Not a test: {@code java ... emostream.server.DashboardDemo [port] [windows]} serves the dashboard with
 * synthetic events (two streams, two windows a second) for looking at it while developing.
 */
public final class DashboardDemo {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int prefill = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        EventBus bus = new EventBus();
        ServerSettings s = TestServers.settings(Map.of("server.port", Integer.toString(port)));
        try (WebServer server = WebServer.start(s, bus, new RecordingReceiver(), Set::of, new Metrics())) {
            SyntheticEvents a = new SyntheticEvents("call-centre-1", bus);
            SyntheticEvents b = new SyntheticEvents("mic", bus);
            for (int i = 0; i < prefill; i++) {
                a.next();
                b.next();
            }
            System.err.println("demo on " + server.url());
            while (true) {
                Thread.sleep(500);
                a.next();
                b.next();
            }
        }
    }
}
