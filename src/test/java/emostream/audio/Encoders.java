package emostream.audio;

import emostream.RealParts;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Compressed test files made from a WAV by the real encoders (lame, sox with libvorbis, opusenc), so no audio is
 * committed. ./run.sh test installs them; without them the calling test is skipped (fails under CI=true).
 */
public final class Encoders {

    private Encoders() {
    }

    /** One of {@code mp3}, {@code ogg} (Vorbis), {@code opus}: {@code wav} encoded to {@code out}. */
    public static Path encode(String format, Path wav, Path out) throws IOException {
        try {
            switch (format) {
                case "mp3" -> {
                    RealParts.requireTool("lame", "lame");
                    RealParts.run("lame", "--quiet", "-b", "128", wav.toString(), out.toString());
                }
                case "ogg" -> {
                    RealParts.requireTool("sox", "sox");
                    RealParts.run("sox", wav.toString(), "-t", "vorbis", out.toString());
                }
                case "opus" -> {
                    RealParts.requireTool("opusenc", "opus-tools");
                    RealParts.run("opusenc", "--quiet", wav.toString(), out.toString());
                }
                default -> throw new IllegalArgumentException(format);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
