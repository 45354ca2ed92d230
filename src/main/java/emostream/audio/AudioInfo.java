package emostream.audio;

import java.util.Locale;

/**
 * What a file or byte buffer holds before conversion: container, sample encoding, rate, channels and length.
 *
 * @param frames sample frames in the file, or -1 when the header does not say (streamed WAV)
 */
public record AudioInfo(String source, String container, SampleFormat format, int sampleRate, int channels,
                        long frames) {

    /** Duration in seconds, or -1 when unknown. */
    public double seconds() {
        return frames < 0 ? -1 : (double) frames / sampleRate;
    }

    @Override
    public String toString() {
        String len = frames < 0 ? "length unknown" : String.format(Locale.ROOT, "%.2f s", seconds());
        return String.format(Locale.ROOT, "%s: %s, %d Hz, %d ch, %s, %s", source, container, sampleRate, channels,
                format, len);
    }
}
