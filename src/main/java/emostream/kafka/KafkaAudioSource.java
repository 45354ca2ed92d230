package emostream.kafka;

import emostream.audio.AudioReceiver;
import emostream.audio.AudioSource;
import emostream.metrics.Metrics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the audio topic as one member of a consumer group and feeds each stream (record key) to the detector,
 * in order. Offsets are committed by hand, at-least-once: an offset is committed only when every event made from
 * the records before it is acknowledged by Kafka, and only up to the record holding the earliest sample the
 * detector still needs for that stream ({@link ResumableReceiver#resumePoint}). Whoever reads the partition next
 * (this instance after a replay, or another after a rebalance) opens each stream at the absolute position of the
 * first record it reads ({@link ResumableReceiver#begin}), so windows, and their ids {@code stream:seq}, repeat
 * exactly and consumers can de-duplicate.
 *
 * <p>Failure handling: poison records go to the dead-letter topic and the stream goes on. When Kafka does not
 * acknowledge events (broker away), consumption pauses with exponential backoff, and once events were lost the
 * partitions replay from the last commit, so no window is lost. On revoke the streams of the departing
 * partitions are committed as far as safe and dropped (not flushed); their new owner resumes them.
 *
 * <p>Single-threaded: {@link #pump} runs the poll loop in the caller's thread; {@link #close} may be called from
 * any thread. Streams that move away or are left open at shutdown are dropped rather than ended, since another
 * instance (or the next run) continues them from the committed offset.
 */
public final class KafkaAudioSource implements AudioSource {

    private static final Logger log = LoggerFactory.getLogger(KafkaAudioSource.class);

    /** Timing and limits; {@link KafkaSettings} fills them from config. */
    public record Options(
            Duration pollTimeout,
            Duration commitInterval,
            Duration ackTimeout,
            long maxUnacknowledged,
            Duration backoffMin,
            Duration backoffMax,
            Duration streamIdle) {

        public static Options defaults() {
            return new Options(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2), 2000,
                    Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final KafkaOutput output;
    private final DeadLetters deadLetters;
    private final Options options;
    private final ChunkDecoder decoder = new ChunkDecoder();

    private final Map<String, StreamState> streams = new HashMap<>();
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private ResumableReceiver detector;

    private volatile boolean running = true;
    private volatile Set<TopicPartition> assigned = Set.of();
    private long failuresSeen;
    private long nextCommitNanos;
    private long holdUntilNanos;
    private Duration backoff;
    private long unhealthySinceNanos = -1;
    private long lastHealthLogNanos;
    private String unhealthyReason;
    private long waitingSinceNanos = -1;
    private long lastWaitLogNanos;

    private final Metrics.Counter recordsIn;
    private final Metrics.Counter bytesIn;
    private final Metrics.Counter commits;
    private final Metrics.Counter commitFailures;
    private final Metrics.Counter replays;
    private final Metrics.Counter rebalances;

    /** Offsets of one assigned partition. */
    private static final class PartitionState {
        long committed = -1;   // last offset this instance committed
        long first = -1;       // first offset read since assignment or the last replay
        long next = -1;        // offset after the last record handled
        final Map<String, StreamState> streams = new LinkedHashMap<>();
    }

    /**
     * @param consumer    a consumer with {@code enable.auto.commit=false}; this source subscribes it and closes it
     * @param output      the instance's producer; the same one must carry the events of the detector fed here
     * @param deadLetters dead-letter topic for poison records
     */
    public KafkaAudioSource(Consumer<byte[], byte[]> consumer, String topic, KafkaOutput output,
                            String deadLetters, Options options) {
        this.consumer = consumer;
        this.topic = topic;
        this.output = output;
        this.deadLetters = new DeadLetters(output, deadLetters);
        this.options = options;
        this.backoff = options.backoffMin();
        Metrics m = Metrics.global();
        recordsIn = m.counter("emostream_kafka_audio_records_total", "Audio records read from the audio topic");
        bytesIn = m.counter("emostream_kafka_audio_bytes_total", "Audio bytes read from the audio topic");
        commits = m.counter("emostream_kafka_commits_total", "Offset commits of the audio topic");
        commitFailures = m.counter("emostream_kafka_commit_failures_total", "Offset commits that failed (retried)");
        replays = m.counter("emostream_kafka_replays_total", "Replays from the last commit after Kafka lost events");
        rebalances = m.counter("emostream_kafka_rebalances_total", "Partition assignments and revocations");
        m.gauge("emostream_kafka_streams", "Kafka audio streams open in this instance", this::openStreams);
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic;
    }

    /** Partitions of the audio topic this instance owns now (a snapshot; safe from any thread). */
    public Set<TopicPartition> assignment() {
        return assigned;
    }

    /** Streams open right now (for metrics and tests; read from another thread it is a snapshot). */
    public synchronized int openStreams() {
        return streams.size();
    }

    @Override
    public void pump(AudioReceiver receiver) throws InterruptedException {
        detector = ResumableReceiver.of(receiver);
        consumer.subscribe(List.of(topic), new Rebalance());
        log.info("consuming audio from {}", topic);
        nextCommitNanos = System.nanoTime() + options.commitInterval().toNanos();
        try {
            while (running) {
                holdIfNeeded();
                ConsumerRecords<byte[], byte[]> batch;
                try {
                    batch = consumer.poll(options.pollTimeout());
                } catch (WakeupException e) {
                    continue;   // close() was called; the loop condition ends it
                }
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    handle(record);
                }
                long now = System.nanoTime();
                reportIfUnassigned(now);
                endIdleStreams(now);
                if (now - nextCommitNanos >= 0) {
                    commit(partitions.keySet(), options.ackTimeout(), true);
                    nextCommitNanos = System.nanoTime() + options.commitInterval().toNanos();
                }
            }
        } finally {
            shutdown();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            consumer.wakeup();
        } catch (RuntimeException alreadyClosed) {
            // pump has ended and closed the consumer
        }
    }

    // ------------------------------------------------------------------ records

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        PartitionState ps = partitions.computeIfAbsent(tp, t -> new PartitionState());
        if (ps.first < 0) {
            ps.first = record.offset();
        }
        recordsIn.inc();
        bytesIn.add(record.value() == null ? 0 : record.value().length);
        try {
            feed(tp, ps, record);
        } catch (Poison p) {
            deadLetters.send(record, p);
            closeBrokenStream(record, p);
        }
        ps.next = record.offset() + 1;
    }

    private void feed(TopicPartition tp, PartitionState ps, ConsumerRecord<byte[], byte[]> record) throws Poison {
        AudioChunk c = AudioChunk.parse(record);
        StreamState s = streams.get(c.stream());
        if (s != null) {
            s = checkContinues(s, c);
        }
        ChunkDecoder.Decoded audio = decoder.decode(c);
        int rate = audio.sampleRate();
        if (s != null && rate != s.sampleRate) {
            throw new Poison(Poison.Reason.BAD_HEADER, "sample rate changed from " + s.sampleRate + " to " + rate
                    + " Hz in the middle of stream " + c.stream());
        }
        long startFrame;
        if (s != null) {
            startFrame = s.nextFrame;
        } else if (c.startSample() >= 0) {
            startFrame = c.startSample();
        } else {
            // documented fallback for producers that send no start-sample: fixed-size chunks
            startFrame = c.seq() * audio.frames();
            if (c.seq() > 0) {
                log.warn("stream {} joined at seq {} without a start-sample header: assuming fixed-size chunks",
                        c.stream(), c.seq());
            }
        }
        long start = StreamState.toSample(startFrame, rate);
        long end = StreamState.toSample(startFrame + audio.frames(), rate);
        float[] pcm = audio.exactly(Math.toIntExact(end - start));
        if (s == null) {
            s = new StreamState(c.stream(), tp, rate, c.seq(), startFrame);
            detector.begin(c.stream(), start);
            synchronized (this) {
                streams.put(c.stream(), s);
            }
            ps.streams.put(c.stream(), s);
            log.info("stream {} opened at seq {} (sample {}) from {}@{}", c.stream(), c.seq(), start, tp, record.offset());
        }
        s.fed.addLast(new StreamState.Fed(record.offset(), start, end));
        s.lastSeq = c.seq();
        s.nextFrame = startFrame + audio.frames();
        s.lastActivityNanos = System.nanoTime();
        try {
            if (pcm.length > 0) {
                detector.audio(c.stream(), pcm, 0, pcm.length);
            }
            if (c.end()) {
                end(s, "end of stream");
            }
        } catch (RuntimeException e) {
            throw new Poison(Poison.Reason.PROCESSING_ERROR, "the detector failed on this chunk: " + e);
        }
    }

    /**
     * An unusable chunk of an open stream leaves a hole in its audio: close the stream there (its windows so far
     * are published) so the next good chunk reopens it at its own position instead of being a seq gap too.
     * A duplicate leaves no hole.
     */
    private void closeBrokenStream(ConsumerRecord<byte[], byte[]> record, Poison p) {
        if (p.reason() == Poison.Reason.SEQ_DUPLICATE || record.key() == null) {
            return;
        }
        StreamState s = streams.get(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
        if (s != null) {
            end(s, "unusable chunk at offset " + record.offset());
        }
    }

    /** Sequence checks against the open stream; returns the state to continue (null: the chunk opens a new one). */
    private StreamState checkContinues(StreamState s, AudioChunk c) throws Poison {
        if (c.seq() == s.lastSeq + 1) {
            if (c.startSample() >= 0 && c.startSample() != s.nextFrame) {
                throw new Poison(Poison.Reason.BAD_HEADER, "header 'start-sample' = " + c.startSample()
                        + " but the previous chunks of stream " + c.stream() + " end at frame " + s.nextFrame);
            }
            return s;
        }
        if (c.seq() == 0 && (c.startSample() <= 0)) {
            log.warn("stream {} starts again at seq 0: ending the open one (use a new stream id per session, "
                    + "event ids repeat otherwise)", c.stream());
            end(s, "restarted by its producer");
            return null;
        }
        if (c.seq() <= s.lastSeq) {
            throw new Poison(Poison.Reason.SEQ_DUPLICATE, "seq " + c.seq() + " of stream " + c.stream()
                    + " arrived again after seq " + s.lastSeq);
        }
        // audio is missing: windows across the gap would splice unrelated audio, so close the stream here;
        // the next chunk opens it again at its own position
        end(s, "seq gap");
        throw new Poison(Poison.Reason.SEQ_GAP, "seq " + c.seq() + " of stream " + c.stream() + " follows seq "
                + s.lastSeq + " (" + (c.seq() - s.lastSeq - 1) + " chunk(s) missing); the stream was closed "
                + "and reopens at the next chunk");
    }

    /** Flushes and forgets a stream (end marker, seq gap, idle). */
    private void end(StreamState s, String why) {
        forget(s);
        try {
            detector.end(s.stream);
            log.info("stream {} ended ({})", s.stream, why);
        } catch (RuntimeException e) {
            log.warn("ending stream {} failed: {}", s.stream, e.toString());
        }
    }

    private void forget(StreamState s) {
        synchronized (this) {
            streams.remove(s.stream);
        }
        PartitionState ps = partitions.get(s.partition);
        if (ps != null) {
            ps.streams.remove(s.stream);
        }
    }

    /** Drops (without flushing) every stream of {@code tp}: its records will be read again by someone. */
    private void dropStreams(TopicPartition tp) {
        PartitionState ps = partitions.get(tp);
        if (ps == null) {
            return;
        }
        for (StreamState s : new ArrayList<>(ps.streams.values())) {
            forget(s);
            try {
                detector.drop(s.stream);
            } catch (RuntimeException e) {
                log.warn("dropping stream {} failed: {}", s.stream, e.toString());
            }
        }
    }

    private void endIdleStreams(long now) {
        if (options.streamIdle().isZero() || unhealthySinceNanos >= 0 || now < holdUntilNanos) {
            return;   // a broker outage looks like silence: never end streams for it
        }
        long idle = options.streamIdle().toNanos();
        List<StreamState> stale = new ArrayList<>();
        synchronized (this) {
            for (StreamState s : streams.values()) {
                if (now - s.lastActivityNanos > idle) {
                    stale.add(s);
                }
            }
        }
        for (StreamState s : stale) {
            end(s, "no audio for " + options.streamIdle().toSeconds() + " s");
        }
    }

    // ------------------------------------------------------------------ commits, replays, health

    /**
     * Commits what is safe for {@code tps}. Returns false when nothing could be committed because events are
     * unacknowledged, lost (then, if {@code mayReplay}, the partitions replay) or the commit itself failed.
     */
    private boolean commit(Collection<TopicPartition> tps, Duration ackTimeout, boolean mayReplay) {
        if (tps.isEmpty()) {
            return true;
        }
        // what is safe is read BEFORE waiting for acknowledgements: the detector's recognition workers publish
        // revisions concurrently, and an offset past a window may only be committed once every record of that window
        // published so far has been acknowledged
        Map<TopicPartition, OffsetAndMetadata> offsets = safeOffsets(tps);
        try {
            if (!output.awaitAcked(ackTimeout)) {
                unhealthy(output.outstanding() + " record(s) not acknowledged by Kafka after " + ackTimeout.toMillis() + " ms");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
        if (output.failures() != failuresSeen) {
            if (mayReplay) {
                replay();
            }
            return false;
        }
        if (offsets.isEmpty()) {
            healthy();
            return true;
        }
        try {
            consumer.commitSync(offsets, options.ackTimeout());
            offsets.forEach((tp, om) -> {
                PartitionState ps = partitions.get(tp);
                if (ps != null) {
                    ps.committed = om.offset();
                }
            });
            commits.inc();
            healthy();
            return true;
        } catch (WakeupException e) {
            running = false;
            return false;
        } catch (KafkaException e) {
            commitFailures.inc();
            unhealthy("offset commit failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }

    /** Per partition: the first record some open stream still needs, else the record after the last handled. */
    private Map<TopicPartition, OffsetAndMetadata> safeOffsets(Collection<TopicPartition> tps) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : tps) {
            PartitionState ps = partitions.get(tp);
            if (ps == null || ps.next < 0) {
                continue;
            }
            long safe = ps.next;
            for (StreamState s : ps.streams.values()) {
                long needed = s.neededOffset(detector.resumePoint(s.stream));
                if (needed >= 0) {
                    safe = Math.min(safe, needed);
                }
            }
            if (safe > ps.committed) {
                out.put(tp, new OffsetAndMetadata(safe));
            }
        }
        return out;
    }

    /**
     * Kafka lost events (not acknowledged within the delivery timeout): forget every open stream and read the
     * partitions again from the last commit, after a backoff that doubles while this keeps happening.
     */
    private void replay() {
        failuresSeen = output.failures();
        replays.inc();
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
            TopicPartition tp = e.getKey();
            PartitionState ps = e.getValue();
            dropStreams(tp);
            long target = ps.committed >= 0 ? ps.committed : ps.first;
            if (target >= 0) {
                try {
                    consumer.seek(tp, target);
                } catch (IllegalStateException notAssigned) {
                    continue;
                }
                ps.first = target;
            }
            ps.next = -1;
        }
        holdUntilNanos = System.nanoTime() + backoff.toNanos();
        log.warn("Kafka lost events ({}); replaying the audio topic from the last commit in {} ms",
                output.lastError(), backoff.toMillis());
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(options.backoffMax()) > 0 ? options.backoffMax() : doubled;
        unhealthy("events lost");
    }

    /** Pauses reading while replay backoff runs or too many events wait for acknowledgement. */
    private void holdIfNeeded() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        boolean hold = System.nanoTime() - holdUntilNanos < 0 || output.outstanding() > options.maxUnacknowledged();
        if (hold) {
            consumer.pause(assigned);
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /** No partitions for a while: the broker is unreachable, or more instances than partitions share the group. */
    private void reportIfUnassigned(long now) {
        if (!assigned.isEmpty()) {
            waitingSinceNanos = -1;
            return;
        }
        if (waitingSinceNanos < 0) {
            waitingSinceNanos = now;
            lastWaitLogNanos = now;
        } else if (now - lastWaitLogNanos > Duration.ofSeconds(15).toNanos()) {
            lastWaitLogNanos = now;
            log.warn("no partitions of {} assigned after {} s: is Kafka reachable? (or this group has more instances "
                    + "than the topic has partitions)", topic, (now - waitingSinceNanos) / 1_000_000_000);
        }
    }

    private void unhealthy(String reason) {
        long now = System.nanoTime();
        if (unhealthySinceNanos < 0) {
            unhealthySinceNanos = now;
            lastHealthLogNanos = now;
            unhealthyReason = reason;
            log.warn("Kafka is not answering ({}); still running, retrying with backoff", reason);
        } else if (now - lastHealthLogNanos > Duration.ofSeconds(15).toNanos()) {
            lastHealthLogNanos = now;
            log.warn("still waiting for Kafka after {} s ({})", (now - unhealthySinceNanos) / 1_000_000_000, reason);
        }
    }

    private void healthy() {
        if (unhealthySinceNanos >= 0) {
            long now = System.nanoTime();
            log.info("Kafka answers again after {} ms (was: {})", (now - unhealthySinceNanos) / 1_000_000, unhealthyReason);
            unhealthySinceNanos = -1;
            synchronized (this) {
                // idle time is counted from now: an outage is not silence
                streams.values().forEach(s -> s.lastActivityNanos = now);
            }
        }
        backoff = options.backoffMin();
    }

    private void shutdown() {
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    commit(new ArrayList<>(partitions.keySet()), options.ackTimeout(), false);
                    break;
                } catch (WakeupException e) {
                    // the wakeup meant for poll() landed here; the second attempt runs without it
                }
            }
        } finally {
            for (TopicPartition tp : new ArrayList<>(partitions.keySet())) {
                dropStreams(tp);
            }
            partitions.clear();
            assigned = Set.of();
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                log.warn("closing the Kafka consumer: {}", e.toString());
            }
            log.info("stopped consuming {}", topic);
        }
    }

    /** Runs inside poll(), on the loop's thread. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty()) {
                return;
            }
            rebalances.inc();
            // hand over cleanly: commit what is safe, then let the streams go without flushing
            commit(revoked, options.ackTimeout(), false);
            for (TopicPartition tp : revoked) {
                dropStreams(tp);
                partitions.remove(tp);
            }
            assigned = Set.copyOf(partitions.keySet());
            log.info("partitions revoked: {}", revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            if (lost.isEmpty()) {
                return;
            }
            rebalances.inc();
            for (TopicPartition tp : lost) {
                dropStreams(tp);
                partitions.remove(tp);
            }
            assigned = Set.copyOf(partitions.keySet());
            log.warn("partitions lost (this instance left the group, e.g. after a broker outage): {}", lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> added) {
            if (added.isEmpty()) {
                return;
            }
            rebalances.inc();
            for (TopicPartition tp : added) {
                partitions.putIfAbsent(tp, new PartitionState());
            }
            assigned = Set.copyOf(partitions.keySet());
            log.info("partitions assigned: {}", added);
        }
    }
}
