package emostream.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File and raw-PCM sources: every format converted, every failure a clear message, every stream ended once. */
class SourcesTest {

    /** Records what a source delivers. */
    static final class Recorder implements AudioReceiver {
        final List<String> ended = new ArrayList<>();
        int samples;
        float peak;
        String stream;

        @Override
        public void audio(String streamId, float[] s, int off, int len) {
            stream = streamId;
            samples += len;
            for (int i = off; i < off + len; i++) {
                peak = Math.max(peak, Math.abs(s[i]));
            }
        }

        @Override
        public void end(String streamId) {
            ended.add(streamId);
        }
    }

    private static Recorder pump(AudioSource s) throws Exception {
        Recorder r = new Recorder();
        s.pump(r);
        return r;
    }

    @Test
    void filesInAnyEncodingRateAndChannelsBecome16kMono(@TempDir Path dir) throws Exception {
        record Case(String name, int rate, int bits, int channels, AudioFileFormat.Type type) {
        }
        for (Case c : List.of(new Case("u8.wav", 16_000, 8, 1, AudioFileFormat.Type.WAVE),
                new Case("48k-stereo.wav", 48_000, 16, 2, AudioFileFormat.Type.WAVE),
                new Case("22k-24bit.wav", 22_050, 24, 1, AudioFileFormat.Type.WAVE),
                new Case("44k.aiff", 44_100, 16, 2, AudioFileFormat.Type.AIFF),
                new Case("8k.au", 8_000, 16, 1, AudioFileFormat.Type.AU))) {
            Path f = TestWavs.tone(dir.resolve(c.name()), 1.5, c.rate(), c.bits(), c.channels(), c.type());
            Recorder r = pump(new FileSource(f, "s", false));
            assertEquals(24_000, r.samples, 40, c.name());
            assertEquals(0.3, r.peak, 0.03, c.name());
            assertEquals(List.of("s"), r.ended, c.name());
        }
    }

    @Test
    void badFilesGiveOneLineErrorsAndStillEndTheStream(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not audio\n".repeat(20));
        Path empty = Files.createFile(dir.resolve("empty.wav"));
        Path good = TestWavs.tone(dir.resolve("good.wav"), 2, 16_000, 16, 1);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.wav"), Arrays.copyOf(bytes, bytes.length / 2 + 1));

        for (Path bad : List.of(text, empty)) {
            Recorder r = new Recorder();
            IOException e = assertThrows(IOException.class, () -> new FileSource(bad, "x", false).pump(r));
            assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals(0, r.samples);
            assertEquals(List.of("x"), r.ended);
        }
        // a truncated file: what is there is processed, then the error says what happened
        Recorder r = new Recorder();
        try {
            new FileSource(truncated, "t", false).pump(r);
        } catch (IOException e) {
            assertTrue(e.getMessage().startsWith(truncated.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        }
        assertEquals(16_000, r.samples, 200);
        assertEquals(List.of("t"), r.ended);
    }

    @Test
    void rawPcmClosedMidFrameKeepsEverythingElse() throws Exception {
        byte[] pcm = new byte[3200 * 4 + 3]; // 3200 stereo frames + 3 bytes of a fourth... frame
        for (int i = 0; i < 3200 * 2; i++) {
            short v = (short) (10_000 * Math.sin(i / 10.0));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        Recorder r = pump(new RawPcmSource(new ByteArrayInputStream(pcm), "stdin", "stdin", 32_000, 2));
        assertEquals(1600, r.samples, 8); // 0.1 s at 32 kHz → 0.1 s at 16 kHz
        assertEquals(List.of("stdin"), r.ended);

        Recorder none = pump(new RawPcmSource(new ByteArrayInputStream(new byte[0]), "stdin", "in", 16_000, 1));
        assertEquals(0, none.samples);
        assertEquals(List.of("in"), none.ended);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RawPcmSource(new ByteArrayInputStream(pcm), "stdin", "x", 12, 1));
        assertTrue(e.getMessage().contains("sample rate 12"), e.getMessage());
    }

    @Test
    void realtimePacingAndStop(@TempDir Path dir) throws Exception {
        Path f = TestWavs.tone(dir.resolve("rt.wav"), 1.0, 16_000, 16, 1);
        long t0 = System.nanoTime();
        Recorder r = pump(new FileSource(f, "rt", true));
        double wall = (System.nanoTime() - t0) / 1e9;
        assertEquals(16_000, r.samples);
        assertTrue(wall >= 0.45, "paced to real time: " + wall); // the last chunk is not waited for

        FileSource stopped = new FileSource(f, "st", true);
        stopped.close();
        Recorder s = pump(stopped);
        assertEquals(0, s.samples);
        assertEquals(List.of("st"), s.ended);
    }

    @Test
    void noMicrophoneSaysWhatToDoInstead() {
        if (!MicrophoneSource.devices().isEmpty()) {
            return; // a machine with a sound card: nothing to check here
        }
        MicrophoneSource.UnavailableException e = assertThrows(MicrophoneSource.UnavailableException.class,
                () -> MicrophoneSource.open(null, "mic"));
        assertTrue(e.getMessage().contains("no microphone") && e.getMessage().contains("--file")
                && e.getMessage().contains("--stdin") && e.getMessage().contains("browser"), e.getMessage());
    }
}
