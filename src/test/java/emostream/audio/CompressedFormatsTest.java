package emostream.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MP3, Ogg Vorbis and Ogg Opus through the one decoding path ({@link AudioFiles}), on files the real encoders make
 * from a WAV the test writes ({@link Encoders}): length, pitch and level survive, damage is named.
 */
class CompressedFormatsTest {

    @TempDir
    Path dir;

    private Path encoded(String format, int rate, int channels, double seconds) throws IOException {
        Path wav = TestWavs.tone(dir.resolve("src-" + rate + "-" + channels + ".wav"), seconds, rate, 16, channels);
        return Encoders.encode(format, wav, dir.resolve("talk-" + rate + "-" + channels + "." + format));
    }

    @ParameterizedTest(name = "{0} {1} Hz {2} ch")
    @CsvSource({"mp3, 44100, 2", "mp3, 16000, 1", "mp3, 22050, 1", "ogg, 44100, 2", "ogg, 16000, 1",
            "ogg, 48000, 1", "opus, 48000, 2", "opus, 16000, 1", "opus, 44100, 1"})
    void decodesToSixteenKilohertzMonoWithLengthPitchAndLevel(String format, int rate, int channels) throws IOException {
        double seconds = 2.0;
        Path f = encoded(format, rate, channels, seconds);
        float[] reference = AudioFiles.read(dir.resolve("src-" + rate + "-" + channels + ".wav"));
        float[] y = AudioFiles.read(f);
        // gapless: the LAME tag's delay and padding (MP3) and the last granule (Vorbis, Opus) restore the length
        double tolerance = 0.01;
        assertEquals(seconds, y.length / 16000.0, tolerance, "length of " + f);
        assertEquals(220, Signals.peakHz(y, 16000), 5, "pitch survives");
        double level = Signals.rms(y, 0, y.length);
        double want = Signals.rms(reference, 0, reference.length);
        assertEquals(want, level, 0.25 * want, "level survives");
        AudioInfo info = AudioFiles.probe(f);
        assertEquals(java.util.Map.of("mp3", "MP3", "ogg", "Ogg Vorbis", "opus", "Ogg Opus").get(format), info.container());
        assertEquals(channels, info.channels());
        if (!format.equals("opus")) {
            assertEquals(rate, info.sampleRate());
        }
        // the same bytes from memory (a whole-file Kafka record), and through the stream sniffing of stdin
        byte[] bytes = Files.readAllBytes(f);
        assertArrayEquals(y, AudioFiles.decode(bytes, "mem"));
        assertEquals(format.equals("mp3") ? "MP3" : "Ogg",
                AudioFiles.detect(new BufferedInputStream(new ByteArrayInputStream(bytes))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ogg", "opus"})
    void aTruncatedOggFileGivesItsAudioThenAnErrorNamingIt(String format) throws Exception {
        Path f = encoded(format, 16000, 1, 6.0);
        byte[] all = Files.readAllBytes(f);
        Path cut = dir.resolve("cut." + format);
        int lastPage = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1).lastIndexOf("OggS");
        Files.write(cut, Arrays.copyOf(all, lastPage + (all.length - lastPage) / 2)); // the last page, cut in two
        IOException e = assertThrows(IOException.class, () -> AudioFiles.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": truncated Ogg"), e.getMessage());
        // a source delivers what was decoded before the damage, then reports it
        List<float[]> got = new ArrayList<>();
        FileSource src = new FileSource(cut, "cut", false);
        IOException pumped = assertThrows(IOException.class, () -> src.pump(new AudioReceiver() {
            @Override
            public void audio(String stream, float[] pcm, int off, int len) {
                got.add(Arrays.copyOfRange(pcm, off, off + len));
            }

            @Override
            public void end(String stream) {
            }
        }));
        assertEquals(e.getMessage(), pumped.getMessage());
        int samples = got.stream().mapToInt(a -> a.length).sum();
        assertTrue(samples > 16000, "audio before the damage was delivered: " + samples);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp3", "ogg", "opus"})
    void corruptBytesGiveAudioOrAnErrorNamingTheFileNeverAnotherException(String format) throws Exception {
        byte[] all = Files.readAllBytes(encoded(format, 22050, 1, 2.0));
        java.util.Random random = new java.util.Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int trial = 0; trial < 40; trial++) {
                byte[] b = all.clone();
                for (int k = 0; k < 8; k++) {
                    int p = random.nextInt(b.length);
                    b[p] = (byte) random.nextInt(256);
                }
                try {
                    float[] y = AudioFiles.decode(b, "bad." + format);
                    assertTrue(y.length < 16000 * 10, "no more audio than the file holds");
                } catch (IOException e) {
                    assertTrue(e.getMessage().startsWith("bad." + format + ": "), e.getMessage());
                }
            }
        });
    }

    @Test
    void aTrainingManifestOfMp3OggAndOpusClipsLoadsChecksAndDecodes() throws IOException {
        Path m = Files.createDirectories(dir.resolve("m"));
        StringBuilder csv = new StringBuilder("path,label,speaker\n");
        for (String format : List.of("mp3", "ogg", "opus")) {
            Path clip = encoded(format, 22050, 1, 1.0);
            Files.move(clip, m.resolve(format + "-clip." + format));
            csv.append(format).append("-clip.").append(format).append(",anger,s1\n");
        }
        Files.writeString(m.resolve("manifest.csv"), csv);
        emostream.data.Dataset d = new emostream.data.ManifestLoader().load(m, emostream.data.LabelMap.defaults())
                .checkAudio();
        assertEquals(3, d.size(), d.summary());
        for (emostream.data.Utterance u : d.items()) {
            assertEquals(1.0, AudioFiles.read(u.audio()).length / 16000.0, 0.01, u.audio().toString());
        }
    }

    @Test
    void anId3TagClaimingHundredsOfMegabytesIsSkippedWithoutAllocatingThem() {
        byte[] tag = {'I', 'D', '3', 4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3};
        IOException e = assertThrows(IOException.class, () -> AudioFiles.decode(tag, "tag.mp3"));
        assertEquals("tag.mp3: truncated MP3: the file ends inside its ID3v2 tag", e.getMessage());
        // found by fuzzing: a tag header cut short made JLayer read its size as 140 MB and allocate it
        byte[] cut = {'I', 'D', '3', 'f', 'L', (byte) 0xF0, 'C', 0, 7};
        IOException e2 = assertThrows(IOException.class, () -> AudioFiles.decode(cut, "cut.mp3"));
        assertEquals("cut.mp3: truncated MP3: the file ends inside its ID3v2 tag", e2.getMessage());
    }

    @Test
    void formatsEmostreamDoesNotReadAreNamed() throws IOException {
        byte[] adts = {(byte) 0xFF, (byte) 0xF1, 0x50, (byte) 0x80, 0, 0x1F, (byte) 0xFC, 0, 0, 0, 0, 0};
        IOException e = assertThrows(IOException.class, () -> AudioFiles.decode(adts, "a.aac"));
        assertEquals("a.aac: unsupported format: AAC (ADTS); convert it to WAV, FLAC, MP3, Ogg Vorbis or Opus",
                e.getMessage());
        assertEquals("AAC (ADTS)", AudioFiles.detect(new BufferedInputStream(new ByteArrayInputStream(adts))));
        assertEquals(null, AudioFiles.detect(new BufferedInputStream(new ByteArrayInputStream(new byte[64]))),
                "silence as raw PCM is no container");
    }
}
