package emostream.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A single-node KRaft broker (combined broker + controller) inside this JVM: {@code --embedded-kafka} for demos,
 * and the real broker behind the tests. Data lives in a temporary directory removed on {@link #close()}.
 * {@link #stopBroker()} / {@link #startBroker()} take the broker away and bring it back on the same port,
 * with its data, which is how the tests stage an outage.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String FIXED_LISTENER = "CLIENTS";

    private final KafkaClusterTestKit cluster;
    private final String bootstrap;
    private final java.nio.file.Path dir;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrap, java.nio.file.Path dir) {
        this.cluster = cluster;
        this.bootstrap = bootstrap;
        this.dir = dir;
    }

    /** Formats and starts a fresh broker on any free port; returns once it accepts clients (about 1.5 s). */
    public static EmbeddedKafka start() {
        return start(0);
    }

    /**
     * Formats and starts a fresh broker; clients reach it at {@code localhost:port} (any free port when 0).
     * Returns once it accepts clients.
     */
    public static EmbeddedKafka start(int port) {
        long t0 = System.nanoTime();
        KafkaClusterTestKit kit = null;
        java.nio.file.Path dir = null;
        try {
            // our own directory: the test kit's default one is removed by a JVM shutdown hook that races with
            // the broker's own shutdown on Ctrl-C (and fills the log with storage errors)
            dir = java.nio.file.Files.createTempDirectory("emostream-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setBaseDirectory(dir)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            String client = "";
            if (port > 0) {
                // The test kit binds its own listeners to random ports; a third listener on the fixed port is the
                // one clients use (it advertises itself, so metadata points clients back to the same port).
                String broker = nodes.brokerListenerName().value();
                String controller = nodes.controllerListenerName().value();
                builder.setConfigProp("listeners", broker + "://localhost:0," + controller + "://localhost:0,"
                        + FIXED_LISTENER + "://localhost:" + port);
                builder.setConfigProp("listener.security.protocol.map", broker + ":PLAINTEXT," + controller
                        + ":PLAINTEXT," + FIXED_LISTENER + ":PLAINTEXT");
                client = "localhost:" + port;
            }
            kit = builder
                    .setDeleteOnClose(false)
                    // one node: internal topics cannot have more replicas than that
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    // no 3 s wait for more members before the first assignment
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "4")
                    .build();
            // the storage formatter reports on System.out, which carries events (--json): send it to stderr
            java.io.PrintStream out = System.out;
            System.setOut(System.err);
            try {
                kit.format();
            } finally {
                System.setOut(out);
            }
            kit.startup();
            kit.waitForReadyBrokers();
            EmbeddedKafka k = new EmbeddedKafka(kit, client.isEmpty() ? kit.bootstrapServers() : client, dir);
            log.info("embedded Kafka broker ready at {} ({} ms)", k.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
            return k;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(kit, dir);
            throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
        } catch (Exception e) {
            closeQuietly(kit, dir);
            String why = e.getMessage();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    why = "port " + port + " is in use (set kafka.embedded.port, 0 = any free port)";
                }
            }
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + why, e);
        }
    }

    /** {@code localhost:PORT}: what clients pass as {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Shuts the broker down (the controller stays); clients see connection refused until {@link #startBroker()}. */
    public void stopBroker() {
        cluster.brokers().values().forEach(b -> b.shutdown());
        log.info("embedded Kafka broker stopped");
    }

    /** Starts the broker again on the same port with the same data. */
    public void startBroker() {
        cluster.brokers().values().forEach(b -> b.startup());
        try {
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka broker did not come back: " + e.getMessage(), e);
        }
        log.info("embedded Kafka broker restarted at {}", bootstrapServers());
    }

    /** Stops the broker and removes its data. */
    @Override
    public synchronized void close() {
        closeQuietly(cluster, dir);
    }

    private static void closeQuietly(KafkaClusterTestKit kit, java.nio.file.Path dir) {
        try {
            if (kit != null) {
                kit.close();
            }
        } catch (Exception e) {
            log.warn("closing the embedded Kafka broker: {}", e.toString());
        }
        if (dir != null) {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                log.warn("removing {}: {}", dir, e.toString());
            }
        }
    }
}
