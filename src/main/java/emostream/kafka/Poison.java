package emostream.kafka;

/**
 * Why an audio record cannot be used. The code goes into the dead letter's {@code dlq-reason} header and names
 * its own counter ({@code emostream_kafka_dead_letters_<code>_total}); the message says what exactly was wrong.
 */
public final class Poison extends Exception {

    /** Reason codes, stable: consumers of the dead-letter topic may switch on them. */
    public enum Reason {
        MISSING_KEY("missing-key"),
        MISSING_HEADER("missing-header"),
        BAD_HEADER("bad-header"),
        UNKNOWN_ENCODING("unknown-encoding"),
        ODD_BYTE_COUNT("odd-byte-count"),
        BAD_AUDIO("bad-audio"),
        SEQ_GAP("seq-gap"),
        SEQ_DUPLICATE("seq-duplicate"),
        PROCESSING_ERROR("processing-error");

        public final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    private final Reason reason;

    /** @param message one line: control characters (a newline from a record's key or header) become '?' */
    public Poison(Reason reason, String message) {
        super(message == null ? null : message.replaceAll("\\p{Cntrl}", "?"), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
