package emostream.pipeline;

import emostream.asr.Transcript;
import emostream.asr.TranscriberSession;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands one stream's audio to its recogniser, leaving out long silences: Vosk is about 90 % of a stream's CPU
 * and decoding silence yields nothing. Always fed: voiced audio, the {@code hangover} after it (Vosk needs trailing
 * silence to close an utterance) and anything while an utterance is open. The last {@code preroll} samples of
 * skipped silence are held back and fed before speech resumes, so a soft onset the energy gate missed is heard.
 */
final class AsrFeed {

    private final TranscriberSession asr;
    private final boolean enabled;
    private final int hangover;
    private final float[] preroll;
    private int prerollCount;
    private long sinceVoiced = Long.MAX_VALUE / 2;
    private long skipped;

    AsrFeed(TranscriberSession asr, AsrSettings settings) {
        this.asr = asr;
        this.enabled = settings.skipSilence();
        this.hangover = settings.hangoverSamples();
        this.preroll = new float[settings.prerollSamples()];
    }

    /**
     * @param voiced        the gate heard speech in this audio
     * @param utteranceOpen the recogniser has recognised words it has not finalised yet
     */
    List<Transcript> accept(float[] x, int offset, int n, boolean voiced, boolean utteranceOpen) {
        sinceVoiced = voiced ? 0 : sinceVoiced + n;
        if (!enabled || voiced || utteranceOpen || sinceVoiced - n < hangover) {
            if (prerollCount == 0) {
                return asr.accept(x, offset, n); // the usual case: nothing held back, nothing to allocate
            }
            List<Transcript> out = new ArrayList<>(asr.accept(preroll, 0, prerollCount));
            prerollCount = 0;
            out.addAll(asr.accept(x, offset, n));
            return out;
        }
        hold(x, offset, n);
        return List.of();
    }

    /**
     * The next {@code n} samples are left out because recognition cannot keep up (not because they are silent):
     * the open utterance is ended first, so words before and after the gap are not joined, and the silence held
     * back as pre-roll goes too. Returns the final result of that utterance, if any.
     */
    List<Transcript> shed(int n) {
        List<Transcript> out = asr.flush();
        skip(prerollCount);
        prerollCount = 0;
        if (n > 0) {
            asr.skip(n);
        }
        sinceVoiced = Long.MAX_VALUE / 2;
        return out;
    }

    /** Silent samples held back as pre-roll: received, but neither fed nor skipped yet. */
    int held() {
        return prerollCount;
    }

    /** Samples (16 kHz) left out so far. */
    long skippedSamples() {
        return skipped;
    }

    List<Transcript> finish() {
        skip(prerollCount);
        prerollCount = 0;
        return asr.finish();
    }

    /** Keeps the newest {@code preroll.length} silent samples; older ones are skipped for good. */
    private void hold(float[] x, int offset, int n) {
        int keep = preroll.length;
        if (n >= keep) {
            skip(prerollCount + n - keep);
            System.arraycopy(x, offset + n - keep, preroll, 0, keep);
            prerollCount = keep;
            return;
        }
        int overflow = Math.max(0, prerollCount + n - keep);
        if (overflow > 0) {
            skip(overflow);
            System.arraycopy(preroll, overflow, preroll, 0, prerollCount - overflow);
            prerollCount -= overflow;
        }
        System.arraycopy(x, offset, preroll, prerollCount, n);
        prerollCount += n;
    }

    private void skip(int n) {
        if (n > 0) {
            asr.skip(n);
            skipped += n;
        }
    }
}
