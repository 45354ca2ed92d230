package emostream.kafka;

import emostream.audio.AudioFiles;
import emostream.audio.AudioInfo;
import emostream.audio.AudioSource;
import emostream.audio.AudioStream;
import emostream.audio.PcmConverter;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Audio chunk bytes → 16 kHz mono float PCM, with the data stage's converters ({@link PcmConverter},
 * {@link AudioFiles}). Each chunk is converted on its own, so the same chunk always gives the same samples,
 * whichever consumer reads it and wherever in the stream that consumer started: replays stay exact.
 */
final class ChunkDecoder {

    /**
     * @param pcm        the chunk at 16 kHz mono
     * @param sampleRate the chunk's own rate
     * @param frames     the chunk's length in frames at its own rate (what {@code start-sample} counts)
     */
    record Decoded(float[] pcm, int sampleRate, long frames) {

        /** The samples cut or zero-padded to exactly {@code length}: the chunk's span on the 16 kHz clock. */
        float[] exactly(int length) {
            return pcm.length == length ? pcm : Arrays.copyOf(pcm, length);
        }
    }

    Decoded decode(AudioChunk chunk) throws Poison {
        if (!chunk.encoding().equals(AudioChunk.PCM_S16LE)) {
            return decodeFile(chunk);
        }
        try {
            float[] pcm = PcmConverter.s16leToMono16k(chunk.payload(), chunk.sampleRate(), chunk.channels());
            return new Decoded(pcm, chunk.sampleRate(), chunk.pcmFrames());
        } catch (IllegalArgumentException e) {
            throw new Poison(Poison.Reason.BAD_HEADER, "cannot convert this PCM: " + e.getMessage());
        }
    }

    /** A whole file in one record: its bytes must hold the format its {@code encoding} names. */
    private static Decoded decodeFile(AudioChunk chunk) throws Poison {
        String name = chunk.encoding() + " record of stream " + chunk.stream();
        BufferedInputStream bytes = new BufferedInputStream(new ByteArrayInputStream(chunk.payload()));
        String found;
        try {
            found = AudioFiles.detect(bytes);
        } catch (IOException e) {
            throw new Poison(Poison.Reason.BAD_AUDIO, name + ": " + e.getMessage());
        }
        String expected = AudioChunk.FILE_ENCODINGS.get(chunk.encoding());
        if (chunk.payload().length == 0) {
            throw new Poison(Poison.Reason.BAD_AUDIO, name + " is empty");
        }
        if (found == null || !found.equals(expected)) {
            throw new Poison(Poison.Reason.BAD_AUDIO, "header 'encoding' = " + chunk.encoding() + " but the record holds "
                    + (found == null ? "no known audio format" : found));
        }
        try (AudioStream in = AudioFiles.open(bytes, name)) {
            AudioInfo info = in.info();
            if (chunk.encoding().equals("opus") && !info.container().equals("Ogg Opus")) {
                throw new Poison(Poison.Reason.BAD_AUDIO, "header 'encoding' = opus but the record holds " + info.container());
            }
            if (chunk.sampleRate() > 0 && chunk.sampleRate() != info.sampleRate()) {
                throw new Poison(Poison.Reason.BAD_HEADER, "header 'sample-rate' = " + chunk.sampleRate()
                        + " but the file says " + info.sampleRate());
            }
            if (chunk.channels() > 0 && chunk.channels() != info.channels()) {
                throw new Poison(Poison.Reason.BAD_HEADER, "header 'channels' = " + chunk.channels()
                        + " but the file says " + info.channels());
            }
            float[] pcm = readAll(in);
            long frames = info.frames() >= 0 ? info.frames()
                    : Math.round((double) pcm.length * info.sampleRate() / AudioSource.SAMPLE_RATE);
            return new Decoded(pcm, info.sampleRate(), frames);
        } catch (IOException | IllegalArgumentException e) {
            throw new Poison(Poison.Reason.BAD_AUDIO, "not a readable " + expected + " file: " + e.getMessage());
        }
    }

    private static float[] readAll(AudioStream in) throws IOException {
        float[] buf = new float[16_000];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return Arrays.copyOf(buf, n);
            }
            n += r;
        }
    }
}
