package emostream.kafka;

import emostream.audio.AudioFiles;
import emostream.audio.AudioSource;
import emostream.cli.ConfigOptions;
import emostream.cli.UserException;
import emostream.config.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** {@code ./run.sh produce --file talk.wav --stream demo}: an audio file onto the audio topic, paced like a live source. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publish an audio file to the Kafka audio topic as one stream, in real-time-paced chunks",
                "(format: docs/KAFKA.md). Any WAV (or what Java Sound reads) is converted to 16 kHz mono s16le."})
public final class ProduceCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "Audio file; '-' reads a WAV from stdin.")
    String file;

    @Option(names = "--stream", required = true, paramLabel = "ID", description = "Stream id (the record key). Use a new id per session.")
    String stream;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka brokers (default: kafka.bootstrap).")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Audio topic (default: kafka.audio.topic).")
    String topic;

    @ArgGroup(exclusive = true)
    Pace pace;

    static final class Pace {
        @Option(names = "--realtime", description = "Send each chunk when a live source would have it (default).")
        boolean realtime;

        @Option(names = "--fast", description = "Send as fast as Kafka takes it.")
        boolean fast;

        @Option(names = "--speed", paramLabel = "X", description = "Pace at X times real time.")
        Double speed;
    }

    @Option(names = "--chunk-ms", paramLabel = "MS", description = "Audio per record (default: kafka.produce.chunk.ms).")
    Integer chunkMs;

    @Option(names = "--wav-record", description = "Send the file unchanged as one record with encoding 'wav'.")
    boolean wavRecord;

    @Option(names = "--no-end", description = "Leave the stream open (no 'end' header on the last record).")
    boolean noEnd;

    @Override
    public Integer call() throws Exception {
        Map<String, String> extra = new HashMap<>();
        if (bootstrap != null) {
            extra.put("kafka.bootstrap", bootstrap);
        }
        if (topic != null) {
            extra.put("kafka.audio.topic", topic);
        }
        Config c = config.load(extra);
        KafkaSettings s = KafkaSettings.from(c);
        if (stream.isBlank()) {
            throw new UserException("--stream must not be empty");
        }
        int chunk = (chunkMs != null ? chunkMs : s.produceChunkMs()) * AudioSource.SAMPLE_RATE / 1000;
        if (chunk <= 0) {
            throw new UserException("--chunk-ms must be positive");
        }
        double speed = pace == null ? 1 : pace.fast ? 0 : pace.speed != null ? pace.speed : 1;
        if (s.createTopics()) {
            KafkaTopics.ensure(s, s.audioTopic());
        }
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(s.producerConfig("emostream-produce"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            String what;
            if (wavRecord) {
                byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
                AudioChunk record = new AudioChunk(stream, 0, AudioChunk.WAV, -1, -1, 0, !noEnd, bytes);
                RecordMetadata m = producer.send(record.toRecord(s.audioTopic())).get();
                what = "1 wav record (" + bytes.length + " bytes) at " + m.topic() + "-" + m.partition() + "@" + m.offset();
            } else {
                float[] pcm = file.equals("-") ? AudioFiles.decode(System.in.readAllBytes(), "stdin") : AudioFiles.read(Path.of(file));
                if (speed > 0) {
                    System.err.printf(Locale.ROOT, "sending %.1f s of audio as stream %s to %s at %s (%s) ...%n",
                            pcm.length / (double) AudioSource.SAMPLE_RATE, stream, s.audioTopic(), s.bootstrap(),
                            speed == 1 ? "real time" : speed + "x real time");
                }
                int n = new AudioPublisher(producer, s.audioTopic(), chunk, speed).publish(stream, pcm, 0, 0, !noEnd);
                what = String.format(Locale.ROOT, "%d chunks, %.1f s of audio", n, pcm.length / (double) AudioSource.SAMPLE_RATE);
            }
            System.err.printf(Locale.ROOT, "sent %s as stream %s to %s at %s: %s in %.1f s%n", file, stream,
                    s.audioTopic(), s.bootstrap(), what, (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new UserException("Kafka at " + s.bootstrap() + " did not take the audio: " + cause.getMessage());
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
