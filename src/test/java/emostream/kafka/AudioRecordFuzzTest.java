package emostream.kafka;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import emostream.fuzz.FuzzChecks;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the Kafka audio record decoder: key, headers (known names with fuzzed values, repeated
 * or missing, and unknown ones) and value go through {@link AudioChunk#parse} and {@link ChunkDecoder#decode}, as
 * the consumer does. The only exception allowed out is {@link Poison} (it becomes a dead letter with its reason);
 * a decoded chunk holds samples in [-1, 1]; allocation stays under {@link FuzzChecks#allocationBound}.
 */
class AudioRecordFuzzTest {

    private static final String[] NAMES = {AudioChunk.ENCODING, AudioChunk.SEQ, AudioChunk.SAMPLE_RATE,
            AudioChunk.CHANNELS, AudioChunk.START_SAMPLE, AudioChunk.END, "x-other"};
    private static final String[] ENCODINGS = {"pcm_s16le", "wav", "flac", "mp3", "ogg", "opus", "aiff", "au", "PCM_S16LE"};

    @FuzzTest(maxDuration = "30m")
    void record(FuzzedDataProvider in) throws Exception {
        byte[] key = in.consumeBoolean() ? null : in.consumeBytes(16);
        RecordHeaders headers = new RecordHeaders();
        int count = in.consumeInt(0, 10);
        for (int i = 0; i < count; i++) {
            String name = in.pickValue(NAMES);
            byte[] value;
            switch (in.consumeInt(0, 3)) {
                case 0 -> value = null;
                case 1 -> value = name.equals(AudioChunk.ENCODING) ? utf8(in.pickValue(ENCODINGS))
                        : utf8(Long.toString(in.consumeLong()));
                case 2 -> value = utf8(Integer.toString(in.consumeInt(-1, 400_000)));
                default -> value = in.consumeBytes(24);
            }
            headers.add(name, value);
        }
        byte[] value = in.consumeBoolean() ? null : in.consumeRemainingAsBytes();
        int size = value == null ? 0 : value.length;
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("audio", 0, 0, 0, TimestampType.CREATE_TIME, 0, size,
                key, value, headers, Optional.empty());
        FuzzChecks.withinBound(size + 256, "decoding the record", () -> decode(r));
    }

    private static void decode(ConsumerRecord<byte[], byte[]> r) {
        try {
            AudioChunk c = AudioChunk.parse(r);
            ChunkDecoder.Decoded d = new ChunkDecoder().decode(c);
            for (float v : d.pcm()) {
                if (!(v >= -1f && v <= 1f)) {
                    throw new AssertionError("sample " + v + " outside [-1, 1]");
                }
            }
            if (d.frames() < 0 || d.sampleRate() <= 0) {
                throw new AssertionError("decoded chunk without a length or rate: " + d);
            }
        } catch (Poison p) {
            if (p.getMessage() == null || p.getMessage().isBlank() || p.getMessage().contains("\n")) {
                throw new AssertionError("a dead letter needs a one-line reason: " + p.getMessage());
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
