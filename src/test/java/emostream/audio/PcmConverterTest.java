package emostream.audio;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcmConverterTest {

    @Test
    void stereo48kInOddSizedChunksEqualsOneShot() {
        float[] left = Signals.tone(1000, 48000, 48000, 0.5);
        float[][] frames = new float[left.length][2];
        for (int i = 0; i < left.length; i++) {
            frames[i][0] = left[i];
            frames[i][1] = left[i];
        }
        byte[] pcm = Signals.encode(frames, SampleFormat.S16LE);
        float[] whole = PcmConverter.s16leToMono16k(pcm, 48000, 2);
        assertEquals(16000, whole.length);
        assertEquals(1000, Signals.peakHz(java.util.Arrays.copyOfRange(whole, 500, 15500), 16000), 5);

        PcmConverter c = new PcmConverter(48000, 2);
        float[] parts = new float[whole.length];
        int n = 0;
        Random rnd = new Random(3);
        for (int p = 0; p < pcm.length; ) {
            int len = Math.min(pcm.length - p, 1 + rnd.nextInt(999));  // splits frames and samples mid-way
            float[] o = c.convert(pcm, p, len);
            System.arraycopy(o, 0, parts, n, o.length);
            n += o.length;
            p += len;
        }
        assertEquals(0, c.pendingBytes());
        float[] tail = c.flush();
        System.arraycopy(tail, 0, parts, n, tail.length);
        assertArrayEquals(whole, parts);
    }

    @Test
    void sixteenKilohertzMonoPassesThroughScaled() {
        byte[] pcm = {0, 0, (byte) 0xff, 0x7f, 0, (byte) 0x80, 0x00, 0x40};
        float[] x = PcmConverter.s16leToMono16k(pcm, 16000, 1);
        assertArrayEquals(new float[] {0f, 32767f / 32768f, -1f, 0.5f}, x);
    }

    @Test
    void badParametersAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PcmConverter(0, 1));
        assertTrue(e.getMessage().contains("sample rate 0 Hz"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PcmConverter(16000, 0));
        assertTrue(e.getMessage().contains("channel count 0"), e.getMessage());
    }
}
