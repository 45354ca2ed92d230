package emostream.server;


import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Spoken test audio from espeak-ng (installed by .ci/run): a WAV file and its raw PCM. */
final class Speech {

    static final String SENTENCE = "I told you this would happen. Nobody ever listens to me. I am so angry right now.";

    /** The WAV's sample rate, its 16-bit little-endian mono PCM and the file itself. */
    record Clip(Path wav, int rate, byte[] pcm) {
    }

    private Speech() {
    }

    static boolean available() {
        return onPath("espeak-ng");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Speaks {@code text} into {@code target/}; skips the calling test when espeak-ng is missing. */
    static Clip say(String text, Path wav) throws IOException, InterruptedException {
        emostream.RealParts.require(available(), "espeak-ng is not installed (apt-get install espeak-ng)");
        Files.createDirectories(wav.getParent());
        Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav.toString(), text)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("espeak-ng failed: " + out);
        }
        return read(wav);
    }

    /** A canonical 16-bit mono PCM WAV (what espeak-ng writes). */
    static Clip read(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int rate = 0;
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            String id = new String(b.array(), pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if (id.equals("fmt ")) {
                rate = b.getInt(pos + 12);
            } else if (id.equals("data")) {
                int n = Math.min(size < 0 ? Integer.MAX_VALUE : size, b.limit() - pos - 8);
                byte[] pcm = new byte[n & ~1];
                System.arraycopy(b.array(), pos + 8, pcm, 0, pcm.length);
                return new Clip(wav, rate, pcm);
            }
            pos += 8 + size + (size & 1);
        }
        throw new IOException(wav + " has no data chunk");
    }
}
