package emostream.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FLAC through the one decoding path, on files the test writes ({@link TestFlac}) and on the shared corpora. */
class FlacTest {

    @TempDir
    Path dir;

    private static float[] sine(int n, int rate, double hz, double amp) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    @Test
    void monoSixteenKilohertzDecodesSampleExact() throws IOException {
        float[] x = sine(16_000 * 2 + 123, 16_000, 440, 0.5);
        Path f = dir.resolve("a.flac");
        Files.write(f, TestFlac.encode(x, 16_000));
        float[] y = AudioFiles.read(f);
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.round(x[i] * 32767f) / 32768f, y[i], 1e-6f, "sample " + i);
        }
        AudioInfo info = AudioFiles.probe(f);
        assertEquals("FLAC", info.container());
        assertEquals(16_000, info.sampleRate());
        assertEquals(1, info.channels());
        assertEquals(x.length, info.frames());
        // the same bytes from memory (a whole-file Kafka record) give the same samples
        assertArrayEquals(y, AudioFiles.decode(Files.readAllBytes(f), "mem.flac"));
    }

    /**
     * Found by fuzzing: jflac searched for the next frame forever at the end of a file whose STREAMINFO does not give
     * the length (streamed encoders write 0). Such a file now ends where its data ends, whole or cut.
     */
    @Test
    void aStreamWithoutItsLengthEndsInsteadOfHanging() {
        float[] x = sine(16_000, 16_000, 440, 0.5);
        byte[] flac = TestFlac.encode(x, 16_000);
        flac[8 + 13] &= (byte) 0xF0; // total samples (36 bits from bit 108 of STREAMINFO) = 0: unknown
        flac[8 + 14] = flac[8 + 15] = flac[8 + 16] = flac[8 + 17] = 0;
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(x.length, AudioFiles.decode(flac, "streamed.flac").length);
            byte[] cut = Arrays.copyOf(flac, flac.length - 100);
            try {
                float[] y = AudioFiles.decode(cut, "cut.flac");
                assertTrue(y.length < x.length);
            } catch (IOException e) {
                assertTrue(e.getMessage().startsWith("cut.flac: "), e.getMessage());
            }
        });
    }

    @Test
    void stereoTwentyFourBitAtFortyFourKilohertzIsAveragedAndResampled() throws IOException {
        int rate = 44_100;
        int n = rate; // 1 s
        int[] s = new int[2 * n];
        float[] left = sine(n, rate, 300, 0.4);
        for (int i = 0; i < n; i++) {
            s[2 * i] = Math.round(left[i] * 8_388_607f);
            s[2 * i + 1] = Math.round(left[i] * 8_388_607f); // same signal in both: the mean is the signal
        }
        Path f = dir.resolve("st.flac");
        Files.write(f, TestFlac.encode(s, 2, rate, 24));
        float[] y = AudioFiles.read(f);
        assertEquals(16_000, y.length, 2);
        float[] expect = Resampler.resample(left, rate, 16_000);
        double err = 0;
        for (int i = 200; i < Math.min(y.length, expect.length) - 200; i++) {
            err = Math.max(err, Math.abs(y[i] - expect[i]));
        }
        assertTrue(err < 1e-3, "max error " + err);
    }

    @Test
    void otherMetadataIsSkippedWithoutAllocatingWhatItClaims() throws IOException {
        float[] x = sine(8_000, 16_000, 200, 0.3);
        int[] s = new int[x.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.round(x[i] * 32767f);
        }
        byte[] comment = new byte[40];
        comment[0] = 4; // VORBIS_COMMENT, body of zeros
        byte[] padding = new byte[1 + 100];
        padding[0] = 1;
        Path f = dir.resolve("tags.flac");
        Files.write(f, TestFlac.encode(s, 1, 16_000, 16, new byte[][] {comment, padding}));
        assertEquals(8_000, AudioFiles.read(f).length);

        // a picture block claiming 16 MB with nothing behind it: a clear truncation, not an allocation
        byte[] huge = {6, 'L', 'E', 'N', '!'};
        byte[] bad = TestFlac.encode(s, 1, 16_000, 16, new byte[][] {huge});
        IOException e = assertThrows(IOException.class, () -> AudioFiles.decode(bad, "pic.flac"));
        assertEquals("pic.flac: truncated FLAC: the file ends inside a metadata block", e.getMessage());
    }

    @Test
    void damageIsNamedAfterTheAudioBeforeIt() throws IOException {
        float[] x = sine(16_000, 16_000, 250, 0.5);
        byte[] good = TestFlac.encode(x, 16_000);

        // cut in the middle: the samples before the cut come out, then the error
        byte[] cut = Arrays.copyOf(good, good.length / 2);
        Path f = dir.resolve("cut.flac");
        Files.write(f, cut);
        float[] got = new float[20_000];
        int n = 0;
        IOException e;
        try (AudioStream s = AudioFiles.open(f)) {
            e = assertThrows(IOException.class, () -> {
                int total = 0;
                while (true) {
                    int r = s.read(got, total, got.length - total);
                    if (r < 0) {
                        return;
                    }
                    total += r;
                }
            });
        }
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("FLAC"), e.getMessage());

        // one flipped byte inside a frame: its CRC fails
        byte[] flipped = good.clone();
        flipped[flipped.length - 300] ^= 0x55;
        IOException crc = assertThrows(IOException.class, () -> AudioFiles.decode(flipped, "crc.flac"));
        assertTrue(crc.getMessage().startsWith("crc.flac: corrupt FLAC frame after ")
                || crc.getMessage().startsWith("crc.flac: truncated FLAC"), crc.getMessage());
    }

    @Test
    void badHeadersGetOneLine() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            IOException a = assertThrows(IOException.class, () -> AudioFiles.decode("fLaC\0\0\0\"xxxxxxxx".getBytes(), "a.flac"));
            assertEquals("a.flac: truncated FLAC: the file ends inside its STREAMINFO", a.getMessage());
            IOException b = assertThrows(IOException.class, () -> AudioFiles.decode("fLaC\u0084\0\0\u0004abcd".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "b.flac"));
            assertTrue(b.getMessage().startsWith("b.flac: bad FLAC header: the first metadata block is type 4"), b.getMessage());
            byte[] zeroRate = TestFlac.encode(new int[100], 1, 16_000, 16);
            zeroRate[18] = 0; // sample rate bits 80..99 of STREAMINFO (bytes 8+10..)
            zeroRate[19] = 0;
            zeroRate[20] = (byte) (zeroRate[20] & 0x0f);
            IOException c = assertThrows(IOException.class, () -> AudioFiles.decode(zeroRate, "c.flac"));
            assertTrue(c.getMessage().startsWith("c.flac: FLAC header says 1 channels at 0 Hz"), c.getMessage());
        });
    }

    @Test
    void sharedCorporaFlacFilesRead() throws IOException {
        Path root = Path.of("..", "shared", "data");
        for (String corpus : new String[] {"ravdess_actors_01_12", "ased_subset", "emovo"}) {
            Path flac = root.resolve(corpus).resolve("flac");
            emostream.RealParts.require(Files.isDirectory(flac), "no data at " + flac);
            try (var files = Files.list(flac)) {
                Path first = files.filter(p -> p.toString().endsWith(".flac")).sorted().findFirst().orElseThrow();
                float[] x = AudioFiles.read(first);
                AudioInfo info = AudioFiles.probe(first);
                assertEquals(info.frames(), x.length, first.toString());
                double rms = 0;
                for (float v : x) {
                    rms += v * v;
                }
                rms = Math.sqrt(rms / x.length);
                assertTrue(rms > 1e-3 && rms < 0.5, first + " rms " + rms);
            }
        }
    }
}
