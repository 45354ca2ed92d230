package emostream.kafka;

import emostream.config.Config;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --kafka} to a broker that is not there: said at once, not after the clients' silent time-outs. */
class BrokerAbsentTest {

    @Test
    void anUnreachableBrokerIsReportedAtOnceAndTheServiceStarts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String bootstrap = "localhost:" + port;
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        double seconds;
        try (KafkaPipeline p = KafkaPipeline.start(Config.defaults().with(Map.of("kafka.enabled", "true",
                "kafka.bootstrap", bootstrap)))) {
            seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(p.sink() != null);
        } finally {
            System.setErr(saved);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("Kafka at " + bootstrap + " is not reachable (" + bootstrap
                + ": connection refused); still running, retrying until it answers"), log);
        assertTrue(seconds < 5, "reported and started after " + seconds + " s");
    }

    @Test
    void theProbeNamesEveryAddressThatFailed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String why = BrokerProbe.unreachable("127.0.0.1:" + port + ", no-such-host.invalid:9092", java.time.Duration.ofSeconds(1));
        assertTrue(why.contains("127.0.0.1:" + port + ": connection refused"), why);
        assertTrue(why.contains("no-such-host.invalid:9092: unknown host"), why);
        try (ServerSocket listening = new ServerSocket(0)) {
            assertNull(BrokerProbe.unreachable("127.0.0.1:" + port + ",127.0.0.1:" + listening.getLocalPort(),
                    java.time.Duration.ofSeconds(1)), "one address that answers is enough");
        }
    }
}
