package emostream.audio;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

/** Test files in the encodings users actually have, written with Java Sound. */
public final class TestWavs {

    private TestWavs() {
    }

    /**
     * Syllable-like bursts of a 220 Hz tone (180 ms on, 70 ms off, peak 0.3) of {@code seconds} at {@code rate} Hz,
     * {@code bits} (8 = unsigned), {@code channels}: speech enough for the voice-activity gate, which rejects a
     * steady tone as background.
     */
    public static Path tone(Path file, double seconds, int rate, int bits, int channels) throws IOException {
        return tone(file, seconds, rate, bits, channels, AudioFileFormat.Type.WAVE);
    }

    public static Path tone(Path file, double seconds, int rate, int bits, int channels, AudioFileFormat.Type type)
            throws IOException {
        int frames = (int) Math.round(seconds * rate);
        int bytesPerSample = bits / 8;
        boolean signed = bits > 8;
        boolean bigEndian = type != AudioFileFormat.Type.WAVE;
        byte[] data = new byte[frames * channels * bytesPerSample];
        int p = 0;
        for (int i = 0; i < frames; i++) {
            double inBurst = (i % (0.25 * rate)) / (0.18 * rate);
            double env = inBurst < 1 ? Math.sin(Math.PI * inBurst) : 0;
            double v = 0.3 * env * Math.sin(2 * Math.PI * 220 * i / rate);
            for (int c = 0; c < channels; c++) {
                if (bits == 8) {
                    data[p++] = (byte) (128 + Math.round(v * 127));
                } else {
                    long s = Math.round(v * ((1L << (bits - 1)) - 1));
                    for (int b = 0; b < bytesPerSample; b++) {
                        int shift = bigEndian ? 8 * (bytesPerSample - 1 - b) : 8 * b;
                        data[p++] = (byte) (s >> shift);
                    }
                }
            }
        }
        AudioFormat f = new AudioFormat(signed ? AudioFormat.Encoding.PCM_SIGNED : AudioFormat.Encoding.PCM_UNSIGNED,
                rate, bits, channels, channels * bytesPerSample, rate, bigEndian);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(data), f, frames), type, file.toFile());
        return file;
    }
}
