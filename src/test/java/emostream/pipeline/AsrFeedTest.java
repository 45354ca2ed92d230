package emostream.pipeline;

import emostream.asr.Transcript;
import emostream.asr.TranscriberSession;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AsrFeedTest {

    /** Records what the recogniser was given: +n fed, -n skipped. */
    private static final class Recording implements TranscriberSession {
        final List<Integer> calls = new ArrayList<>();
        final List<Float> firstSamples = new ArrayList<>();

        @Override
        public List<Transcript> accept(float[] samples, int offset, int length) {
            calls.add(length);
            firstSamples.add(samples[offset]);
            return List.of();
        }

        @Override
        public void skip(int length) {
            calls.add(-length);
        }

        @Override
        public List<Transcript> finish() {
            return List.of();
        }

        @Override
        public void close() {
        }

        int total() {
            return calls.stream().mapToInt(Math::abs).sum();
        }
    }

    private static float[] chunk(float value, int n) {
        float[] x = new float[n];
        java.util.Arrays.fill(x, value);
        return x;
    }

    @Test
    void silenceAfterTheHangoverIsSkippedAndThePrerollReturnsWithSpeech() {
        Recording r = new Recording();
        AsrFeed feed = new AsrFeed(r, new AsrSettings(true, 1000, 300));
        feed.accept(chunk(1, 500), 0, 500, true, false);       // speech: fed
        feed.accept(chunk(0, 500), 0, 500, false, false);      // hangover: fed
        feed.accept(chunk(0, 500), 0, 500, false, false);      // hangover ends at 1000: fed
        feed.accept(chunk(0.5f, 500), 0, 500, false, false);   // held; 200 of it skipped, 300 kept as pre-roll
        feed.accept(chunk(0.25f, 100), 0, 100, false, true);   // an open utterance is always fed (pre-roll first)
        assertEquals(List.of(500, 500, 500, -200, 300, 100), r.calls);
        assertEquals(0.5f, r.firstSamples.get(3));
        feed.accept(chunk(0, 2000), 0, 2000, false, false);    // hangover counts from the last voiced audio
        assertEquals(-1700, r.calls.get(r.calls.size() - 1));
        feed.accept(chunk(1, 100), 0, 100, true, false);       // speech: the 300 pre-roll, then the speech
        assertEquals(List.of(300, 100), r.calls.subList(r.calls.size() - 2, r.calls.size()));
        assertEquals(500 + 500 + 500 + 500 + 100 + 2000 + 100, r.total(), "every sample fed or skipped, in order");
        assertEquals(1900, feed.skippedSamples());
    }

    @Test
    void disabledFeedsEverything() {
        Recording r = new Recording();
        AsrFeed feed = new AsrFeed(r, new AsrSettings(false, 0, 0));
        feed.accept(chunk(0, 5000), 0, 5000, false, false);
        assertEquals(List.of(5000), r.calls);
        assertEquals(0, feed.skippedSamples());
    }
}
