package emostream.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates missing topics ({@code kafka.topics.partitions}, the broker's default replication). */
final class KafkaTopics {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {
    }

    /** Blank names are skipped. An unreachable broker is logged, not thrown: clients keep retrying. */
    static void ensure(KafkaSettings s, String... topics) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String t : topics) {
            if (t != null && !t.isBlank()) {
                wanted.add(t);
            }
        }
        try (Admin admin = Admin.create(s.adminConfig("emostream-admin"))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : wanted) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, Optional.of(s.partitions()), Optional.empty()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
                log.info("created Kafka topics {} ({} partitions)", missing.stream().map(NewTopic::name).toList(),
                        s.partitions());
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), 15_000);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (TimeoutException e) {
            log.warn("Kafka at {} did not answer within 15 s; topics not checked, clients keep retrying", s.bootstrap());
        } catch (ExecutionException e) {
            log.warn("cannot create Kafka topics at {}: {}", s.bootstrap(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits (bounded) until every partition of {@code topics} has a leader: writing to a topic whose leaders are
     * still being elected makes the first sends fail and retry, which idempotent producers do not always survive.
     */
    static void awaitLeaders(Admin admin, java.util.Collection<String> topics, long timeoutMs)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                boolean ready = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not known yet: ask again
            }
            Thread.sleep(100);
        }
        log.warn("partitions of {} have no leader after {} ms; sending anyway", topics, timeoutMs);
    }
}
