package emostream.train;

import be.tarsos.dsp.resample.Resampler;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Interim clip reader (any format javax.sound reads → 16 kHz mono float) until {@code emostream.audio.AudioFiles}
 * lands on main; then this class goes and {@link FeatureCache} calls AudioFiles.
 */
final class ClipReader {

    static final int RATE = 16_000;

    private ClipReader() {
    }

    static float[] read(Path file) throws IOException {
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat src = raw.getFormat();
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, src.getSampleRate(), 16,
                    src.getChannels(), 2 * src.getChannels(), src.getSampleRate(), false);
            try (AudioInputStream in = AudioSystem.getAudioInputStream(pcm, raw)) {
                byte[] b = in.readAllBytes();
                int ch = src.getChannels();
                int n = b.length / (2 * ch);
                float[] mono = new float[n];
                for (int i = 0; i < n; i++) {
                    float s = 0;
                    for (int c = 0; c < ch; c++) {
                        int at = 2 * (i * ch + c);
                        s += (short) ((b[at] & 0xff) | (b[at + 1] << 8)) / 32768f;
                    }
                    mono[i] = s / ch;
                }
                return resample(mono, src.getSampleRate());
            }
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a supported audio file (" + e.getMessage() + ")", e);
        }
    }

    private static float[] resample(float[] x, float rate) {
        if (Math.abs(rate - RATE) < 1e-3) {
            return x;
        }
        double factor = RATE / (double) rate;
        Resampler r = new Resampler(true, factor, factor);
        float[] out = new float[(int) Math.ceil(x.length * factor) + 16];
        Resampler.Result res = r.process(factor, x, 0, x.length, true, out, 0, out.length);
        return java.util.Arrays.copyOf(out, Math.min(res.outputSamplesGenerated, (int) Math.round(x.length * factor)));
    }
}
