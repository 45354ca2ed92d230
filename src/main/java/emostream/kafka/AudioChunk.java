package emostream.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One record of the audio topic, as specified in {@code docs/KAFKA.md}: key = stream id, value = audio,
 * headers {@code sample-rate}, {@code channels}, {@code encoding}, {@code seq}, optional {@code start-sample}
 * and {@code end}. Header values are UTF-8 text. This class is the one definition of the format: the consumer
 * parses with {@link #parse}, the {@code produce} command writes with {@link #toRecord}.
 *
 * @param seq         chunk number within the stream: 0, 1, 2, ... without gaps
 * @param sampleRate  frames per second of {@code payload} (for a whole file: from the file when the header is absent)
 * @param channels    interleaved channels (for a whole file: from the file when the header is absent)
 * @param startSample index of the chunk's first frame in the stream, at {@code sampleRate}; -1 when absent
 * @param end         last chunk of the stream: the detector flushes its final window after it
 */
public record AudioChunk(
        String stream,
        long seq,
        String encoding,
        int sampleRate,
        int channels,
        long startSample,
        boolean end,
        byte[] payload) {

    public static final String SAMPLE_RATE = "sample-rate";
    public static final String CHANNELS = "channels";
    public static final String ENCODING = "encoding";
    public static final String SEQ = "seq";
    public static final String START_SAMPLE = "start-sample";
    public static final String END = "end";

    public static final String PCM_S16LE = "pcm_s16le";
    public static final String WAV = "wav";

    /**
     * Whole-file encodings (the value is one complete file) and the format {@code AudioFiles.detect} must find in
     * it; {@code ogg} is Vorbis or Opus, {@code opus} only Opus. The decoder checks the bytes against the header.
     */
    public static final java.util.Map<String, String> FILE_ENCODINGS = orderedMap(
            WAV, "WAV", "flac", "FLAC", "mp3", "MP3", "ogg", "Ogg", "opus", "Ogg", "aiff", "AIFF", "au", "AU");

    /** Every value the {@code encoding} header may have. */
    public static final String ENCODINGS = PCM_S16LE + ", " + String.join(", ", FILE_ENCODINGS.keySet());

    private static java.util.Map<String, String> orderedMap(String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The {@code encoding} for a whole file whose bytes {@code AudioFiles} identified (container of its info). */
    public static String encodingOf(String container) {
        return switch (container) {
            case "WAV" -> WAV;
            case "FLAC" -> "flac";
            case "MP3", "MPEG layer 1", "MPEG layer 2" -> "mp3";
            case "Ogg Opus" -> "opus";
            case "Ogg Vorbis" -> "ogg";
            case "AIFF" -> "aiff";
            case "AU" -> "au";
            default -> throw new IllegalArgumentException("no Kafka encoding for " + container);
        };
    }

    static final int MAX_SAMPLE_RATE = 384_000;
    static final int MAX_CHANNELS = 32;

    /** Frames in a {@code pcm_s16le} payload (a {@code wav} payload knows its own length once decoded). */
    public long pcmFrames() {
        return payload.length / (2L * channels);
    }

    /**
     * Reads and checks one record. Everything that can be checked without the stream's history is checked here;
     * sequence and position against earlier chunks are checked by the consumer.
     */
    public static AudioChunk parse(ConsumerRecord<byte[], byte[]> r) throws Poison {
        if (r.key() == null || r.key().length == 0) {
            throw new Poison(Poison.Reason.MISSING_KEY, "record has no key (the key must be the stream id)");
        }
        String stream = new String(r.key(), StandardCharsets.UTF_8);
        byte[] payload = r.value() == null ? new byte[0] : r.value();
        Headers h = r.headers();
        String encoding = text(h, ENCODING, true).toLowerCase(Locale.ROOT);
        if (!encoding.equals(PCM_S16LE) && !FILE_ENCODINGS.containsKey(encoding)) {
            throw new Poison(Poison.Reason.UNKNOWN_ENCODING,
                    "encoding '" + abbreviate(encoding) + "' is not one of " + ENCODINGS);
        }
        boolean pcm = encoding.equals(PCM_S16LE);
        long seq = number(h, SEQ, true, 0, Long.MAX_VALUE);
        int rate = (int) number(h, SAMPLE_RATE, pcm, 1, MAX_SAMPLE_RATE);
        int channels = (int) number(h, CHANNELS, pcm, 1, MAX_CHANNELS);
        long start = number(h, START_SAMPLE, false, 0, Long.MAX_VALUE);
        boolean end = flag(h, END);
        if (pcm && payload.length % (2 * channels) != 0) {
            throw new Poison(Poison.Reason.ODD_BYTE_COUNT, payload.length + " bytes is not a whole number of "
                    + channels + "-channel 16-bit frames (" + 2 * channels + " bytes each)");
        }
        return new AudioChunk(stream, seq, encoding, rate, channels, start, end, payload);
    }

    /** The record the {@code produce} command sends. */
    public ProducerRecord<byte[], byte[]> toRecord(String topic) {
        RecordHeaders h = new RecordHeaders();
        h.add(ENCODING, utf8(encoding));
        h.add(SEQ, utf8(Long.toString(seq)));
        if (sampleRate > 0) {
            h.add(SAMPLE_RATE, utf8(Integer.toString(sampleRate)));
        }
        if (channels > 0) {
            h.add(CHANNELS, utf8(Integer.toString(channels)));
        }
        if (startSample >= 0) {
            h.add(START_SAMPLE, utf8(Long.toString(startSample)));
        }
        if (end) {
            h.add(END, utf8("true"));
        }
        return new ProducerRecord<>(topic, null, utf8(stream), payload, h);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The last value of a header as trimmed text; {@code null} when absent and optional. */
    private static String text(Headers h, String name, boolean required) throws Poison {
        Header header = h.lastHeader(name);
        if (header == null || header.value() == null) {
            if (required) {
                throw new Poison(Poison.Reason.MISSING_HEADER, "header '" + name + "' is missing");
            }
            return null;
        }
        return new String(header.value(), StandardCharsets.UTF_8).trim();
    }

    /** A decimal header within [min, max]; -1 when absent and optional. */
    private static long number(Headers h, String name, boolean required, long min, long max) throws Poison {
        String s = text(h, name, required);
        if (s == null) {
            return -1;
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Poison(Poison.Reason.BAD_HEADER, "header '" + name + "' = '" + abbreviate(s) + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new Poison(Poison.Reason.BAD_HEADER, "header '" + name + "' = " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static boolean flag(Headers h, String name) throws Poison {
        String s = text(h, name, false);
        if (s == null) {
            return false;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw new Poison(Poison.Reason.BAD_HEADER, "header '" + name + "' = '" + abbreviate(s) + "' is not true or false");
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
