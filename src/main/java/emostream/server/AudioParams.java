package emostream.server;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The query of {@code /ws/audio?stream=ID&rate=16000&events=true}.
 *
 * @param stream stream id; a fresh {@code ws-N} when the client names none
 * @param rate   sample rate of the 16-bit little-endian mono PCM the client sends
 * @param events whether this socket also receives its own stream's events
 */
record AudioParams(String stream, int rate, boolean events) {

    static final int MIN_RATE = 8_000;
    static final int MAX_RATE = 192_000;
    /** Ids end up in event ids ({@code stream:seq}), Kafka keys and file names: keep them plain. */
    static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final AtomicLong ANONYMOUS = new AtomicLong();

    /** The parsed parameters, or the problem as a one-line reason. */
    record Parsed(AudioParams params, String problem) {
    }

    static Parsed parse(QueryStringDecoder query) {
        try {
            query.parameters();
        } catch (IllegalArgumentException e) { // e.g. "%zz" (found by fuzzing /ws/audio)
            return problem("malformed query string: " + e.getMessage());
        }
        String stream = first(query, "stream");
        if (stream == null || stream.isEmpty()) {
            stream = "ws-" + ANONYMOUS.incrementAndGet();
        } else if (!STREAM_ID.matcher(stream).matches()) {
            return problem("bad stream '" + stream + "': use 1-64 letters, digits, '.', '_' or '-'");
        }
        String rateText = first(query, "rate");
        int rate = 16_000;
        if (rateText != null) {
            try {
                rate = Integer.parseInt(rateText.trim());
            } catch (NumberFormatException e) {
                return problem("bad rate '" + rateText + "': give the sample rate in Hz, e.g. rate=16000");
            }
            if (rate < MIN_RATE || rate > MAX_RATE) {
                return problem("bad rate " + rate + ": must be " + MIN_RATE + ".." + MAX_RATE + " Hz");
            }
        }
        String eventsText = first(query, "events");
        boolean events = false;
        if (eventsText != null) {
            switch (eventsText.toLowerCase(Locale.ROOT)) {
                case "", "true", "1", "yes" -> events = true;
                case "false", "0", "no" -> events = false;
                default -> {
                    return problem("bad events '" + eventsText + "': true or false");
                }
            }
        }
        return new Parsed(new AudioParams(stream, rate, events), null);
    }

    private static Parsed problem(String reason) {
        return new Parsed(null, reason);
    }

    static String first(QueryStringDecoder query, String name) {
        List<String> v = query.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
