package emostream.audio;

import com.code_intelligence.jazzer.junit.FuzzTest;
import emostream.RealParts;
import emostream.fuzz.FuzzChecks;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sound.sampled.AudioFileFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of every decoding path of {@link AudioFiles}: the WAV/AIFF/AU parser, FLAC (our metadata
 * reader + jflac), MP3 (JLayer), Ogg Vorbis (our pages + JOrbis) and Ogg Opus (our pages + Concentus). Each input
 * is decoded to the end; the only exception allowed out is an {@link IOException} whose one-line message starts
 * with the input's name, samples stay in [-1, 1], allocation stays under {@link FuzzChecks#allocationBound}.
 *
 * <p>The normal test run replays the seeds (small files made by the test: Java-written WAV, AIFF, AU and FLAC,
 * encoder-made MP3, Vorbis, Opus) and every crash found so far (resources {@code AudioDecodersFuzzTestInputs/});
 * {@code mvn -Pfuzz test} fuzzes (docs/RELIABILITY.md). Ogg inputs get their page CRCs recomputed first, so the
 * mutations reach the codecs instead of stopping at the checksum.
 */
class AudioDecodersFuzzTest {

    static final String NAME = "fuzz-input";

    @MethodSource("pcmSeeds")
    @FuzzTest(maxDuration = "30m")
    void wavAiffAu(byte[] data) {
        decodeAll(data);
    }

    @MethodSource("flacSeeds")
    @FuzzTest(maxDuration = "30m")
    void flac(byte[] data) {
        decodeAll(data);
    }

    @MethodSource("mp3Seeds")
    @FuzzTest(maxDuration = "30m")
    void mp3(byte[] data) {
        decodeAll(data);
    }

    @MethodSource("vorbisSeeds")
    @FuzzTest(maxDuration = "30m")
    void oggVorbis(byte[] data) {
        decodeAll(fixOggCrcs(data));
    }

    @MethodSource("opusSeeds")
    @FuzzTest(maxDuration = "30m")
    void oggOpus(byte[] data) {
        decodeAll(fixOggCrcs(data));
    }

    /** Decodes to the end and checks the documented contract. */
    static void decodeAll(byte[] data) {
        try {
            FuzzChecks.withinBound(data.length, "decoding", () -> decodeOnce(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void decodeOnce(byte[] data) {
        try (AudioStream s = AudioFiles.open(new ByteArrayInputStream(data), NAME)) {
            float[] buf = new float[4096];
            int n;
            while ((n = s.read(buf, 0, buf.length)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (!(buf[i] >= -1f && buf[i] <= 1f)) {
                        throw new AssertionError("sample " + buf[i] + " outside [-1, 1]");
                    }
                }
            }
        } catch (IOException e) {
            FuzzChecks.checkNamed(e, NAME + ": ");
        }
    }

    /** Recomputes the CRC of every well-formed Ogg page from the start (stops at the first that is not one). */
    static byte[] fixOggCrcs(byte[] in) {
        byte[] b = in.clone();
        int p = 0;
        while (p + 27 <= b.length && b[p] == 'O' && b[p + 1] == 'g' && b[p + 2] == 'g' && b[p + 3] == 'S') {
            int n = b[p + 26] & 0xff;
            if (p + 27 + n > b.length) {
                break;
            }
            int body = 0;
            for (int i = 0; i < n; i++) {
                body += b[p + 27 + i] & 0xff;
            }
            int end = p + 27 + n + body;
            if (end > b.length) {
                break;
            }
            b[p + 22] = b[p + 23] = b[p + 24] = b[p + 25] = 0;
            int crc = 0;
            for (int i = p; i < end; i++) {
                crc = (crc << 8) ^ CRC[((crc >>> 24) ^ (b[i] & 0xff)) & 0xff];
            }
            for (int k = 0; k < 4; k++) {
                b[p + 22 + k] = (byte) (crc >>> (8 * k));
            }
            p = end;
        }
        return b;
    }

    private static final int[] CRC = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
            }
            CRC[i] = r;
        }
    }

    // ------------------------------------------------------------------ seeds, made here (no audio is committed)

    private static float[] tone(int rate, double seconds) {
        float[] x = new float[(int) (rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / rate) * Math.sin(Math.PI * i / x.length));
        }
        return x;
    }

    static Stream<Arguments> pcmSeeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(AudioFiles.wavBytes(tone(16000, 0.05), 16000));
        seeds.add(Signals.wav(3, 3, 8000, 2, 4, new byte[64]));            // float
        seeds.add(Signals.wav(0xFFFE, 1, 44100, 2, 3, new byte[60]));      // extensible, 24-bit
        seeds.add(Signals.wav(7, 7, 8000, 1, 1, new byte[40]));            // mu-law
        Path dir = Files.createTempDirectory("seeds");
        for (AudioFileFormat.Type type : new AudioFileFormat.Type[] {AudioFileFormat.Type.AIFF, AudioFileFormat.Type.AU}) {
            Path f = TestWavs.tone(dir.resolve("s." + type.getExtension()), 0.02, 8000, 16, 2, type);
            seeds.add(Files.readAllBytes(f));
        }
        return args(seeds);
    }

    static Stream<Arguments> flacSeeds() {
        int[] stereo = new int[2 * 600];
        for (int i = 0; i < 600; i++) {
            stereo[2 * i] = (int) (3000 * Math.sin(i / 5.0));
            stereo[2 * i + 1] = (int) (2000 * Math.cos(i / 7.0));
        }
        return args(List.of(TestFlac.encode(tone(16000, 0.1), 16000), TestFlac.encode(stereo, 2, 44100, 16)));
    }

    static Stream<Arguments> mp3Seeds() throws IOException {
        return encoded("mp3");
    }

    static Stream<Arguments> vorbisSeeds() throws IOException {
        return encoded("ogg");
    }

    static Stream<Arguments> opusSeeds() throws IOException {
        return encoded("opus");
    }

    /** Short files from the real encoder, when it is installed (seeds only speed fuzzing up; the regression inputs stay). */
    private static Stream<Arguments> encoded(String format) throws IOException {
        String tool = format.equals("mp3") ? "lame" : format.equals("ogg") ? "sox" : "opusenc";
        if (!RealParts.onPath(tool)) {
            return Stream.empty();
        }
        Path dir = Files.createTempDirectory("seeds");
        List<byte[]> seeds = new ArrayList<>();
        for (int[] rc : new int[][] {{16000, 1}, {44100, 2}}) {
            Path wav = TestWavs.tone(dir.resolve("s" + rc[0] + ".wav"), 0.08, rc[0], 16, rc[1]);
            seeds.add(Files.readAllBytes(Encoders.encode(format, wav, dir.resolve("s" + rc[0] + "." + format))));
        }
        return args(seeds);
    }

    private static Stream<Arguments> args(List<byte[]> seeds) {
        return seeds.stream().map(b -> Arguments.of((Object) b));
    }
}
