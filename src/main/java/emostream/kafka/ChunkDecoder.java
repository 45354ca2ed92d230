package emostream.kafka;

import emostream.audio.AudioFiles;
import emostream.audio.AudioInfo;
import emostream.audio.AudioSource;
import emostream.audio.AudioStream;
import emostream.audio.PcmConverter;

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
        if (chunk.encoding().equals(AudioChunk.WAV)) {
            return decodeWav(chunk);
        }
        try {
            float[] pcm = PcmConverter.s16leToMono16k(chunk.payload(), chunk.sampleRate(), chunk.channels());
            return new Decoded(pcm, chunk.sampleRate(), chunk.pcmFrames());
        } catch (IllegalArgumentException e) {
            throw new Poison(Poison.Reason.BAD_HEADER, "cannot convert this PCM: " + e.getMessage());
        }
    }

    private static Decoded decodeWav(AudioChunk chunk) throws Poison {
        String name = "WAV record of stream " + chunk.stream();
        try (AudioStream in = AudioFiles.open(new ByteArrayInputStream(chunk.payload()), name)) {
            AudioInfo info = in.info();
            if (chunk.sampleRate() > 0 && chunk.sampleRate() != info.sampleRate()) {
                throw new Poison(Poison.Reason.BAD_HEADER, "header 'sample-rate' = " + chunk.sampleRate()
                        + " but the WAV says " + info.sampleRate());
            }
            if (chunk.channels() > 0 && chunk.channels() != info.channels()) {
                throw new Poison(Poison.Reason.BAD_HEADER, "header 'channels' = " + chunk.channels()
                        + " but the WAV says " + info.channels());
            }
            float[] pcm = readAll(in);
            long frames = info.frames() >= 0 ? info.frames()
                    : Math.round((double) pcm.length * info.sampleRate() / AudioSource.SAMPLE_RATE);
            return new Decoded(pcm, info.sampleRate(), frames);
        } catch (IOException | IllegalArgumentException e) {
            throw new Poison(Poison.Reason.BAD_AUDIO, "not a readable WAV file: " + e.getMessage());
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
