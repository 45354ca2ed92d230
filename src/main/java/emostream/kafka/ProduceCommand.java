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
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/** {@code ./run.sh produce --file talk.wav --stream demo}: an audio file onto the audio topic, paced like a live source. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publish an audio file to the Kafka audio topic as one stream, in real-time-paced chunks",
                "(format: docs/KAFKA.md). WAV, AIFF, AU, FLAC, MP3, Ogg Vorbis or Opus is converted to 16 kHz mono s16le;",
                "--file-record sends the file unchanged as one record. With no broker answering, it fails within",
                "kafka.max.block.ms."})
public final class ProduceCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "Audio file; '-' reads one from stdin.")
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

    @Option(names = {"--file-record", "--wav-record"},
            description = "Send the file unchanged as one record; its encoding header names the format (wav, flac, mp3, ogg, opus, ...).")
    boolean fileRecord;

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
        // read the audio first: a bad file is reported before any network wait
        byte[] bytes;
        try {
            bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + (e.getMessage() == null ? e : e.getMessage())
                    + (e instanceof java.nio.file.NoSuchFileException ? " (no such file)" : ""));
        }
        String name = file.equals("-") ? "stdin" : file;
        String encoding = null;
        float[] pcm = null;
        try {
            if (fileRecord) {
                encoding = AudioChunk.encodingOf(AudioFiles.probe(bytes, name).container());
            } else {
                pcm = AudioFiles.decode(bytes, name);
            }
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserException(name + ": " + e.getMessage());
        }
        Duration block = Duration.ofMillis(s.maxBlockMs());
        String down = BrokerProbe.unreachable(s.bootstrap(), block);
        if (down != null) {
            throw new UserException("Kafka at " + s.bootstrap() + " is not reachable (" + down + ")");
        }
        if (s.createTopics() && !KafkaTopics.ensure(s, s.audioTopic())) {
            throw new UserException("Kafka at " + s.bootstrap() + " did not answer within " + s.maxBlockMs()
                    + " ms (kafka.max.block.ms): is it a Kafka broker?");
        }
        long t0 = System.nanoTime();
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(s.producerConfig("emostream-produce"),
                new ByteArraySerializer(), new ByteArraySerializer());
        try {
            producer.partitionsFor(s.audioTopic()); // waits at most max.block.ms for the broker's metadata
            String what;
            if (fileRecord) {
                AudioChunk record = new AudioChunk(stream, 0, encoding, -1, -1, 0, !noEnd, bytes);
                RecordMetadata m = producer.send(record.toRecord(s.audioTopic())).get(s.deliveryTimeoutMs(), TimeUnit.MILLISECONDS);
                what = "1 " + encoding + " record (" + bytes.length + " bytes) at " + m.topic() + "-" + m.partition() + "@" + m.offset();
            } else {
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
        } catch (org.apache.kafka.common.errors.TimeoutException | java.util.concurrent.TimeoutException e) {
            throw new UserException("Kafka at " + s.bootstrap() + " did not answer within " + s.maxBlockMs()
                    + " ms (kafka.max.block.ms): " + e.getMessage());
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new UserException("Kafka at " + s.bootstrap() + " did not take the audio: " + cause.getMessage());
        } finally {
            producer.close(block); // never wait longer than max.block.ms for records that cannot go out
        }
    }
}
