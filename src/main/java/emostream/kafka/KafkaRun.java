package emostream.kafka;

import emostream.cli.RunContext;
import emostream.cli.UserException;
import emostream.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka part of {@code run}: when {@code kafka.enabled} (or {@code --kafka}, {@code --embedded-kafka}), events go
 * to the emotion and transcript topics, and, unless the user gave a local input (file, stdin, microphone), audio
 * comes from the audio topic as a member of the consumer group.
 */
public final class KafkaRun {

    private static final Logger log = LoggerFactory.getLogger(KafkaRun.class);

    private KafkaRun() {
    }

    public static boolean enabled(Config c) {
        return c.bool("kafka.enabled") || c.bool("kafka.embedded");
    }

    /**
     * @param localInput the user chose a file, stdin or a microphone: Kafka then only receives the events
     */
    public static void attach(RunContext ctx, boolean localInput) {
        if (!enabled(ctx.config())) {
            return;
        }
        KafkaPipeline kafka;
        try {
            kafka = KafkaPipeline.start(ctx.config());
        } catch (IllegalStateException e) {   // the embedded broker did not start: say why in one line
            throw new UserException(e.getMessage(), e);
        } catch (org.apache.kafka.common.KafkaException e) {   // e.g. an unresolvable or malformed kafka.bootstrap
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new UserException("Kafka at " + ctx.config().string("kafka.bootstrap") + ": " + why.getMessage(), e);
        }
        ctx.bus().subscribe(kafka.sink());
        ctx.onStop(kafka);   // after the detector flushed: the last windows still reach Kafka
        KafkaSettings s = kafka.settings();
        if (!localInput) {
            ctx.addSource(kafka.source());
            ctx.keepRunning("consuming Kafka topic " + s.audioTopic());
        }
        log.info("Kafka at {}: {}events to {}{}", kafka.bootstrap(),
                localInput ? "" : "audio from " + s.audioTopic() + " (group " + s.group() + "), ",
                s.emotionTopic(), s.transcriptTopic().isBlank() ? "" : ", transcripts to " + s.transcriptTopic());
    }
}
