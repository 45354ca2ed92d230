package emostream.kafka;

import emostream.audio.AudioSource;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Audio chunk bytes → 16 kHz mono float PCM of an exact length. The length is fixed by the chunk's place in
 * the stream ({@link StreamClock}), so independently converted chunks line up sample for sample.
 * TODO(kafka): delegate decoding and resampling to the data engineer's emostream.audio helpers once on main.
 */
final class ChunkDecoder {

    /** Decoded audio at the chunk's own rate, before placing it on the 16 kHz clock. */
    record Decoded(float[] mono, int sampleRate, long frames) {
    }

    Decoded decode(AudioChunk chunk) throws Poison {
        if (chunk.encoding().equals(AudioChunk.WAV)) {
            return decodeWav(chunk);
        }
        float[] mono = s16leToMono(chunk.payload(), 0, chunk.payload().length, chunk.channels());
        return new Decoded(mono, chunk.sampleRate(), mono.length);
    }

    /** {@code decoded} as exactly {@code length} samples at 16 kHz (resampled when needed, then cut or zero-padded). */
    float[] to16k(Decoded decoded, int length) throws Poison {
        float[] pcm = decoded.mono();
        if (decoded.sampleRate() != AudioSource.SAMPLE_RATE) {
            throw new Poison(Poison.Reason.BAD_AUDIO, "sample rate " + decoded.sampleRate()
                    + " Hz is not supported yet (send 16000 Hz)");
        }
        if (pcm.length == length) {
            return pcm;
        }
        return java.util.Arrays.copyOf(pcm, length);
    }

    private static Decoded decodeWav(AudioChunk chunk) throws Poison {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(chunk.payload()))) {
            AudioFormat f = in.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16 || f.isBigEndian()) {
                throw new Poison(Poison.Reason.BAD_AUDIO, "WAV is " + f + "; only 16-bit little-endian PCM is supported");
            }
            int rate = Math.round(f.getSampleRate());
            if (chunk.sampleRate() > 0 && chunk.sampleRate() != rate) {
                throw new Poison(Poison.Reason.BAD_HEADER, "header 'sample-rate' = " + chunk.sampleRate()
                        + " but the WAV says " + rate);
            }
            if (chunk.channels() > 0 && chunk.channels() != f.getChannels()) {
                throw new Poison(Poison.Reason.BAD_HEADER, "header 'channels' = " + chunk.channels()
                        + " but the WAV says " + f.getChannels());
            }
            byte[] bytes = in.readAllBytes();
            float[] mono = s16leToMono(bytes, 0, bytes.length - bytes.length % (2 * f.getChannels()), f.getChannels());
            return new Decoded(mono, rate, mono.length);
        } catch (UnsupportedAudioFileException | IOException e) {
            throw new Poison(Poison.Reason.BAD_AUDIO, "not a readable WAV file: " + e.getMessage());
        }
    }

    private static float[] s16leToMono(byte[] b, int off, int len, int channels) {
        int frames = len / (2 * channels);
        float[] out = new float[frames];
        int p = off;
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++, p += 2) {
                sum += (short) ((b[p] & 0xff) | (b[p + 1] << 8));
            }
            out[i] = sum / (32768f * channels);
        }
        return out;
    }
}
