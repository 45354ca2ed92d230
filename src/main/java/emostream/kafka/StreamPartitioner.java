package emostream.kafka;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.utils.Utils;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts every record of a stream in one partition, whatever its key. Emotion records are keyed by their window id
 * ({@code stream:seq}) so that a compacted topic keeps the last revision of <em>every</em> window; hashing that whole
 * key would scatter one stream's windows over the partitions and lose their order. On the topics named in
 * {@link #WINDOW_KEYED_TOPICS} this partitioner hashes only the stream part (the key up to its last {@code ':'}),
 * exactly as Kafka's default partitioner hashes a key (murmur2), so a stream's emotion records land in the same
 * partition number as its transcripts and its audio (keyed by the stream id). Other keyed records are hashed whole,
 * as the default partitioner would; records without a key go round the available partitions.
 */
public final class StreamPartitioner implements Partitioner {

    /** Producer setting: comma-separated topics whose keys are window ids {@code stream:seq}. */
    public static final String WINDOW_KEYED_TOPICS = "emostream.window.keyed.topics";

    private final AtomicInteger next = new AtomicInteger();
    private volatile Set<String> windowKeyed = Set.of();

    /** The producer settings that make {@code topic}'s window-id keys partition by stream. */
    static void use(Map<String, Object> producerConfig, String topic) {
        producerConfig.put(org.apache.kafka.clients.producer.ProducerConfig.PARTITIONER_CLASS_CONFIG,
                StreamPartitioner.class.getName());
        producerConfig.put(WINDOW_KEYED_TOPICS, topic);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topics = configs.get(WINDOW_KEYED_TOPICS);
        Set<String> set = new HashSet<>();
        if (topics != null) {
            for (String t : topics.toString().split(",")) {
                if (!t.isBlank()) {
                    set.add(t.trim());
                }
            }
        }
        windowKeyed = Set.copyOf(set);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        if (keyBytes == null) {
            List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);
            int n = Math.abs(next.getAndIncrement() % Math.max(1, available.isEmpty() ? partitions : available.size()));
            return available.isEmpty() ? n : available.get(n).partition();
        }
        return forKey(windowKeyed.contains(topic) ? streamPart(keyBytes) : keyBytes, partitions);
    }

    /** The partition Kafka's default partitioner gives a record keyed {@code key} among {@code partitions}. */
    static int forKey(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The stream id in a window id {@code stream:seq} (stream ids may hold ':' themselves: the last one counts). */
    static byte[] streamPart(byte[] windowId) {
        for (int i = windowId.length - 1; i >= 0; i--) {
            if (windowId[i] == ':') {
                return java.util.Arrays.copyOf(windowId, i);
            }
        }
        return windowId;   // not a window id: the whole key
    }

    @Override
    public void close() {
    }
}
