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

    /**
     * Blank names are skipped. Waits at most {@code kafka.max.block.ms} for the broker; returns false when it did
     * not answer in that time (logged, not thrown: clients keep retrying), true otherwise.
     */
    static boolean ensure(KafkaSettings s, String... topics) {
        long wait = s.maxBlockMs();
        Set<String> wanted = new LinkedHashSet<>();
        for (String t : topics) {
            if (t != null && !t.isBlank()) {
                wanted.add(t);
            }
        }
        java.util.Map<String, Object> config = new java.util.HashMap<>(s.adminConfig("emostream-admin"));
        // every admin call gives up with the caller: none should outlive max.block.ms
        int apiTimeout = (int) Math.max(wait, 1000);
        config.putIfAbsent(org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, apiTimeout);
        config.putIfAbsent(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, apiTimeout);
        Admin admin = Admin.create(config);
        try {
            Set<String> existing = admin.listTopics().names().get(wait, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : wanted) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, Optional.of(s.partitions()), Optional.empty()));
                }
            }
            if (missing.isEmpty()) {
                return true;
            }
            try {
                admin.createTopics(missing).all().get(Math.max(wait, 15_000), TimeUnit.MILLISECONDS);
                log.info("created Kafka topics {} ({} partitions)", missing.stream().map(NewTopic::name).toList(),
                        s.partitions());
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), 15_000);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return true;
        } catch (TimeoutException e) {
            log.warn("Kafka at {} did not answer within {} ms (kafka.max.block.ms); topics not checked", s.bootstrap(), wait);
            return false;
        } catch (ExecutionException e) {
            log.warn("cannot create Kafka topics at {}: {}", s.bootstrap(), e.getCause().toString());
            return !(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            // bounded: a plain close() waits for the admin's pending calls, and against a dead broker its
            // metadata retries have been seen to outlive every API timeout (a produce command hung in close)
            admin.close(java.time.Duration.ofMillis(wait));
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
