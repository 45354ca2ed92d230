package emostream.data;

/** An item a loader could not use: the file or line, and why (e.g. {@code label 'xxx' is not mapped}). */
public record Skipped(String item, String reason) {

    @Override
    public String toString() {
        return item + ": " + reason;
    }
}
