package emostream.audio;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How fast {@link AudioFiles} decodes a file (decode, mix to mono, resample to 16 kHz): time to the first 0.1 s of
 * audio in a fresh JVM, then the best of 10 whole-file decodes. Numbers in docs/DECODERS.md; run one JVM per file:
 * {@code java -cp "target/classes:target/test-classes:target/lib/*" emostream.audio.DecodeSpeed f.mp3}
 */
public final class DecodeSpeed {

    private DecodeSpeed() {
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            Path f = Path.of(a);
            long t0 = System.nanoTime();
            try (AudioStream s = AudioFiles.open(f)) {
                float[] b = new float[1600];
                s.read(b, 0, b.length);
            }
            double first = (System.nanoTime() - t0) / 1e6;
            float[] y = new float[0];
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 10; i++) {
                long t = System.nanoTime();
                y = AudioFiles.read(f);
                best = Math.min(best, System.nanoTime() - t);
            }
            double seconds = y.length / 16000.0;
            System.out.printf(Locale.ROOT, "%s: first 0.1 s after %.0f ms; %.1f s decoded in %.0f ms (best of 10) = "
                    + "%.1f ms per audio second, %.0fx real time%n", f.getFileName(), first, seconds, best / 1e6,
                    best / 1e6 / seconds, seconds / (best / 1e9));
        }
    }
}
