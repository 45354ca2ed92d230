package emostream.kafka;

import emostream.audio.AudioFiles;
import emostream.audio.Encoders;
import emostream.audio.TestFlac;
import emostream.audio.TestWavs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole-file audio records (docs/KAFKA.md): one {@code encoding} value per format, checked against the bytes. */
class WholeFileRecordsTest {

    @TempDir
    Path dir;

    static ConsumerRecord<byte[], byte[]> record(byte[] value, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("audio", 0, 0, 0, TimestampType.CREATE_TIME, 0, value.length,
                "s1".getBytes(StandardCharsets.UTF_8), value, h, Optional.empty());
    }

    private static ChunkDecoder.Decoded decode(byte[] value, String encoding) throws Poison {
        return new ChunkDecoder().decode(AudioChunk.parse(record(value, "encoding", encoding, "seq", "0")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp3", "ogg", "opus"})
    void compressedFilesDecodeWithTheirEncoding(String format) throws Exception {
        Path wav = TestWavs.tone(dir.resolve("a.wav"), 1.0, 22050, 16, 1);
        byte[] bytes = Files.readAllBytes(Encoders.encode(format, wav, dir.resolve("a." + format)));
        ChunkDecoder.Decoded d = decode(bytes, format);
        assertEquals(16000, d.pcm().length, 160, "1 s at 16 kHz");
        String encoding = AudioChunk.encodingOf(AudioFiles.probe(bytes, "a").container());
        assertEquals(format, encoding, "produce --file-record names it so");
        if (format.equals("opus")) {
            assertEquals(16000, decode(bytes, "ogg").pcm().length, 160, "ogg covers Opus too");
        }
    }

    @Test
    void flacAndWavRecords() throws Exception {
        byte[] flac = TestFlac.encode(new float[8000], 16000);
        assertEquals(8000, decode(flac, "flac").pcm().length);
        assertEquals(8000, decode(AudioFiles.wavBytes(new float[8000], 16000), "wav").pcm().length);
    }

    @Test
    void bytesThatAreNotTheFormatTheHeaderNamesArePoison() throws Exception {
        byte[] flac = TestFlac.encode(new float[8000], 16000);
        Poison p = assertThrows(Poison.class, () -> decode(flac, "mp3"));
        assertEquals(Poison.Reason.BAD_AUDIO, p.reason());
        assertEquals("header 'encoding' = mp3 but the record holds FLAC", p.getMessage());
        Poison empty = assertThrows(Poison.class, () -> decode(new byte[0], "ogg"));
        assertEquals(Poison.Reason.BAD_AUDIO, empty.reason());
        Poison unknown = assertThrows(Poison.class, () -> decode(flac, "aac"));
        assertEquals(Poison.Reason.UNKNOWN_ENCODING, unknown.reason());
        assertTrue(unknown.getMessage().contains("pcm_s16le, wav, flac, mp3, ogg, opus, aiff, au"), unknown.getMessage());
        Path wav = TestWavs.tone(dir.resolve("b.wav"), 0.5, 16000, 16, 1);
        byte[] vorbis = Files.readAllBytes(Encoders.encode("ogg", wav, dir.resolve("b.ogg")));
        Poison notOpus = assertThrows(Poison.class, () -> decode(vorbis, "opus"));
        assertEquals("header 'encoding' = opus but the record holds Ogg Vorbis", notOpus.getMessage());
    }
}
