package emostream.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioFilesTest {

    @TempDir
    Path dir;

    private static final float[] SIGNAL = Signals.tone(440, 16000, 1600, 0.6);

    private static float[][] mono(float[] x) {
        float[][] f = new float[x.length][1];
        for (int i = 0; i < x.length; i++) {
            f[i][0] = x[i];
        }
        return f;
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + " sample " + i);
        }
    }

    @Test
    void toneFileAtCommonRatesComesOutAtOneKilohertzWithTheRightLength() throws IOException {
        for (int rate : new int[] {8000, 44100, 48000, 22050}) {
            Path f = dir.resolve("tone" + rate + ".wav");
            Files.write(f, AudioFiles.wavBytes(Signals.tone(1000, rate, rate * 2, 0.5), rate));
            float[] x = AudioFiles.read(f);
            assertEquals(32000, x.length, "2 s at " + rate);
            assertEquals(1000, Signals.peakHz(Arrays.copyOfRange(x, 1000, 31000), 16000), 5, "pitch at " + rate);
        }
    }

    @Test
    void everyIntegerAndFloatWavEncodingDecodesToTheSameSignal() throws IOException {
        SampleFormat[] formats = {
                new SampleFormat(SampleFormat.Encoding.UNSIGNED, 1, false),
                new SampleFormat(SampleFormat.Encoding.SIGNED, 2, false),
                new SampleFormat(SampleFormat.Encoding.SIGNED, 3, false),
                new SampleFormat(SampleFormat.Encoding.SIGNED, 4, false),
                new SampleFormat(SampleFormat.Encoding.FLOAT, 4, false),
                new SampleFormat(SampleFormat.Encoding.FLOAT, 8, false),
        };
        for (SampleFormat f : formats) {
            int tag = f.encoding() == SampleFormat.Encoding.FLOAT ? 3 : 1;
            byte[] data = Signals.encode(mono(SIGNAL), f);
            double tol = f.bytes() == 1 ? 1.0 / 120 : 1e-4;
            assertClose(SIGNAL, AudioFiles.decode(Signals.wav(tag, tag, 16000, 1, f.bytes(), data), f + ".wav"), tol,
                    f.toString());
            // the same data behind WAVE_FORMAT_EXTENSIBLE
            assertClose(SIGNAL, AudioFiles.decode(Signals.wav(0xFFFE, tag, 16000, 1, f.bytes(), data), "ext.wav"), tol,
                    "extensible " + f);
        }
    }

    @Test
    void bigEndianAndUnsignedFormatsInAiffAndAu() throws Exception {
        float[][] frames = mono(SIGNAL);
        Object[][] cases = {
                {new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 16000, 16, 1, 2, 16000, true), AudioFileFormat.Type.AIFF},
                {new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 16000, 24, 1, 3, 16000, true), AudioFileFormat.Type.AIFF},
                {new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 16000, 32, 1, 4, 16000, true), AudioFileFormat.Type.AU},
                {new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 16000, 16, 1, 2, 16000, true), AudioFileFormat.Type.AU},
                {new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 16000, 8, 1, 1, 16000, true), AudioFileFormat.Type.AIFF},
        };
        for (Object[] c : cases) {
            AudioFormat af = (AudioFormat) c[0];
            AudioFileFormat.Type type = (AudioFileFormat.Type) c[1];
            SampleFormat sf = new SampleFormat(SampleFormat.Encoding.SIGNED, af.getFrameSize(), true);
            byte[] data = Signals.encode(frames, sf);
            Path f = dir.resolve("s" + af.getSampleSizeInBits() + "." + type.getExtension());
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(data), af, frames.length), type, f.toFile());
            double tol = af.getFrameSize() == 1 ? 1.0 / 120 : 1e-4;
            assertClose(SIGNAL, AudioFiles.read(f), tol, type + " " + af);
            AudioInfo info = AudioFiles.probe(f);
            assertEquals(16000, info.sampleRate());
            assertEquals(frames.length, info.frames());
        }
    }

    @Test
    void muLawAndALawMatchJavaSoundsOwnDecoder() throws Exception {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        for (AudioFormat.Encoding enc : new AudioFormat.Encoding[] {AudioFormat.Encoding.ULAW, AudioFormat.Encoding.ALAW}) {
            AudioFormat g711 = new AudioFormat(enc, 8000, 8, 1, 1, 8000, false);
            AudioInputStream pcm = AudioSystem.getAudioInputStream(
                    new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 8000, 16, 1, 2, 8000, false),
                    new AudioInputStream(new ByteArrayInputStream(codes), g711, 256));
            byte[] ref = pcm.readAllBytes();
            SampleFormat sf = new SampleFormat(enc == AudioFormat.Encoding.ULAW ? SampleFormat.Encoding.ULAW
                    : SampleFormat.Encoding.ALAW, 1, false);
            float[] mine = new float[256];
            sf.decodeMono(codes, 0, 256, 1, mine, 0);
            for (int i = 0; i < 256; i++) {
                short expected = (short) ((ref[2 * i] & 0xff) | ref[2 * i + 1] << 8);
                assertEquals(expected / 32768f, mine[i], 1e-6, enc + " code " + i);
            }
            // and in files: WAV (tag 7 / 6) and AU written by Java Sound
            int tag = enc == AudioFormat.Encoding.ULAW ? 7 : 6;
            float[] viaWav = AudioFiles.decode(Signals.wav(tag, tag, 8000, 1, 1, codes), "g711.wav");
            assertEquals(512, viaWav.length);  // 256 samples at 8 kHz -> 512 at 16 kHz
            Path au = dir.resolve(enc + ".au");
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(codes), g711, 256), AudioFileFormat.Type.AU,
                    au.toFile());
            assertArrayEquals(viaWav, AudioFiles.read(au), enc.toString());
        }
    }

    @Test
    void channelsAreAveraged() throws IOException {
        float[][] frames = new float[800][3];
        for (float[] f : frames) {
            f[0] = 0.5f;
            f[1] = -0.1f;
            f[2] = 0.2f;
        }
        byte[] data = Signals.encode(frames, new SampleFormat(SampleFormat.Encoding.SIGNED, 2, false));
        float[] x = AudioFiles.decode(Signals.wav(1, 1, 16000, 3, 2, data), "three.wav");
        assertEquals(800, x.length);
        assertEquals(0.2, x[400], 1e-3);
    }

    @Test
    void fileAndBytesAndProbeAgree() throws IOException {
        byte[] wav = AudioFiles.wavBytes(Signals.tone(300, 44100, 44100, 0.4), 44100);
        Path f = dir.resolve("a.wav");
        Files.write(f, wav);
        assertArrayEquals(AudioFiles.read(f), AudioFiles.decode(wav, "a.wav"));
        AudioInfo info = AudioFiles.probe(f);
        assertEquals("WAV", info.container());
        assertEquals(44100, info.sampleRate());
        assertEquals(1, info.channels());
        assertEquals(44100, info.frames());
        assertEquals(1.0, info.seconds(), 1e-9);
        assertEquals(SampleFormat.S16LE, info.format());
    }

    /** Fuzzing found it: the resampler rang past full scale on a step to -0.98 (a mu-law WAV of zero bytes). */
    @Test
    void resampledFullScaleStepsStayWithinFullScale() throws IOException {
        float[] y = AudioFiles.decode(Signals.wav(7, 7, 8000, 1, 1, new byte[40]), "step.wav");
        for (float v : y) {
            assertTrue(v >= -1f && v <= 1f, "sample " + v);
        }
    }

    @Test
    void writeWavRoundTrips() throws IOException {
        Path f = dir.resolve("out.wav");
        AudioFiles.writeWav(f, SIGNAL, 16000);
        assertClose(SIGNAL, AudioFiles.read(f), 1e-4, "round trip");
    }

    private String error(byte[] content, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        IOException e = assertThrows(IOException.class, () -> AudioFiles.read(f));
        // the same problem from memory gives the same message
        IOException e2 = assertThrows(IOException.class, () -> AudioFiles.decode(content, f.toString()));
        assertEquals(e.getMessage(), e2.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void badInputGetsOneClearMessageNamingTheFile() {
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            assertEquals("not an audio file", error("hello, this is text\n".getBytes(), "talk.wav"));
            assertEquals("empty file, not an audio file", error(new byte[0], "empty.wav"));
            byte[] full = AudioFiles.wavBytes(new float[16000], 16000);
            assertEquals("truncated WAV: header says 32000 data bytes, file has 1200",
                    error(Arrays.copyOf(full, 44 + 1200), "cut.wav"));
            assertTrue(error(Arrays.copyOf(full, 30), "header.wav").startsWith("truncated WAV: header ends"));
            assertEquals("unsupported encoding: WAV format 0x0055 (MP3); convert it to PCM WAV",
                    error(Signals.wav(0x55, 0x55, 16000, 1, 2, new byte[100]), "mp3in.wav"));
            assertEquals("truncated FLAC: the file ends inside its STREAMINFO", error("fLaC\0\0\0\"xxxxxxxx".getBytes(), "a.flac"));
            assertTrue(error(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0}, "a.mp3").startsWith("no MPEG audio frames found"));
            assertEquals("unsupported format: MP4/M4A; convert it to WAV, FLAC, MP3, Ogg Vorbis or Opus",
                    error("\0\0\0\u0020ftypM4A \0\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "a.m4a"));
            assertTrue(error(Signals.wav(1, 1, 0, 1, 2, new byte[10]), "rate0.wav").contains("sample rate 0 Hz"));
            assertTrue(error(Signals.wav(1, 1, 16000, 0, 2, new byte[10]), "ch0.wav").contains("0 channels"));
            byte[] aiff = "FORM\0\0\0\u0004AIFFgarbage".getBytes();
            assertTrue(error(aiff, "bad.aiff").startsWith("unsupported AIFF variant")
                    || error(aiff, "bad.aiff").startsWith("bad AIFF header"));
        });
        IOException missing = assertThrows(IOException.class, () -> AudioFiles.read(dir.resolve("nope.wav")));
        assertEquals(dir.resolve("nope.wav") + ": no such file", missing.getMessage());
        IOException folder = assertThrows(IOException.class, () -> AudioFiles.read(dir));
        assertTrue(folder.getMessage().endsWith("is a directory, not an audio file"));
        byte[] full = AudioFiles.wavBytes(new float[16000], 16000);
        Path cut = dir.resolve("probe-cut.wav");
        assertThrows(AudioFormatException.class, () -> {
            Files.write(cut, Arrays.copyOf(full, 1000));
            AudioFiles.probe(cut);
        });
    }

    @Test
    void streamedWavWithUnknownSizeReadsToTheEnd() throws IOException {
        byte[] wav = AudioFiles.wavBytes(SIGNAL, 16000);
        // what a writer streaming to a pipe leaves: 0xFFFFFFFF as the data size
        for (int i = 40; i < 44; i++) {
            wav[i] = (byte) 0xFF;
        }
        assertClose(SIGNAL, AudioFiles.decode(wav, "pipe.wav"), 1e-4, "streamed");
    }
}
