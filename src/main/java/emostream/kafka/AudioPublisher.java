package emostream.kafka;

import emostream.audio.AudioSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Writes one stream of 16 kHz mono audio to the audio topic as {@code pcm_s16le} chunks with every header of the
 * format ({@code seq}, {@code start-sample}, {@code end} on the last), optionally paced like a live source.
 * The {@code produce} command and the tests use it.
 */
public final class AudioPublisher {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int chunkSamples;
    private final double speed;

    /**
     * @param chunkSamples samples per record
     * @param speed        1 = real time, 2 = twice as fast, 0 or less = as fast as Kafka takes it
     */
    public AudioPublisher(Producer<byte[], byte[]> producer, String topic, int chunkSamples, double speed) {
        if (chunkSamples <= 0) {
            throw new IllegalArgumentException("chunk must hold at least one sample");
        }
        this.producer = producer;
        this.topic = topic;
        this.chunkSamples = chunkSamples;
        this.speed = speed;
    }

    /**
     * Sends {@code pcm} as stream {@code stream}, starting with chunk {@code firstSeq} at sample {@code firstSample},
     * and waits until Kafka acknowledged every chunk. Returns the number of chunks sent.
     *
     * @param last whether the final chunk carries {@code end: true}
     */
    public int publish(String stream, float[] pcm, long firstSeq, long firstSample, boolean last)
            throws InterruptedException, ExecutionException {
        long t0 = System.nanoTime();
        int chunks = Math.max(1, (pcm.length + chunkSamples - 1) / chunkSamples);
        Future<RecordMetadata> lastSend = null;
        for (int i = 0; i < chunks; i++) {
            int from = i * chunkSamples;
            int to = Math.min(pcm.length, from + chunkSamples);
            if (speed > 0) {
                // a live source has the chunk only once its last sample was spoken
                long due = t0 + (long) (to * 1e9 / AudioSource.SAMPLE_RATE / speed);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            AudioChunk chunk = new AudioChunk(stream, firstSeq + i, AudioChunk.PCM_S16LE, AudioSource.SAMPLE_RATE, 1,
                    firstSample + from, last && i == chunks - 1, s16le(pcm, from, to - from));
            lastSend = producer.send(chunk.toRecord(topic));
        }
        producer.flush();
        lastSend.get();
        return chunks;
    }

    /** Float samples in [-1, 1] as 16-bit little-endian PCM (x 32768, clipped: the inverse of decoding). */
    static byte[] s16le(float[] pcm, int off, int len) {
        byte[] out = new byte[2 * len];
        for (int i = 0; i < len; i++) {
            int s = Math.max(-32768, Math.min(32767, Math.round(pcm[off + i] * 32768f)));
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }
}
