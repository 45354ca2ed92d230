package emostream.pipeline;

import emostream.asr.Transcriber;
import emostream.asr.TranscriberSession;
import emostream.asr.Transcript;
import emostream.asr.Word;
import emostream.config.Config;
import emostream.config.ConfigException;
import emostream.metrics.Metrics;
import emostream.publish.EmotionEvent;
import emostream.publish.Event;
import emostream.publish.TranscriptEvent;
import emostream.text.TextEncoder;
import emostream.vad.VadSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline's own logic with a stand-in model and recogniser; the real ones run in the end-to-end tests. */
class DetectorTest {

    private static final int SR = 16_000;

    private final FakeModel model = new FakeModel(0);
    private final CollectingSink sink = new CollectingSink();

    private Detector detector(PipelineSettings s) {
        return Detector.builder(model, sink).settings(s).metrics(new Metrics()).build();
    }

    private Detector detector() {
        return detector(PipelineSettings.DEFAULT);
    }

    @Test
    void windowsArePublishedSynchronouslyWithAbsoluteSeqAndTimes() {
        Detector d = detector();
        float[] audio = Signals.speech((int) (5.3 * SR), 1);
        d.audio("a", audio, 0, 2 * SR);
        // exactly the window [0, 2 s) is complete
        assertEquals(1, sink.emotions("a").size());
        d.audio("a", audio, 2 * SR, audio.length - 2 * SR);
        List<EmotionEvent> ev = sink.emotions("a");
        assertEquals(7, ev.size()); // starts 0, 0.5, ..., 3.0 s
        for (int i = 0; i < ev.size(); i++) {
            EmotionEvent e = ev.get(i);
            assertEquals(i, e.seq());
            assertEquals("a:" + i, e.id());
            assertEquals(i * 500L, e.startMs());
            assertEquals(i * 500L + 2000, e.endMs());
            assertEquals(List.of("audio"), e.modalities());
            assertEquals("fake-v1", e.model());
            assertProbabilities(e);
        }
        d.end("a");
        List<EmotionEvent> all = sink.emotions("a");
        // the tail [5 s, 5.3 s) is flushed as one zero-padded window that ends where the audio ends
        assertEquals(8, all.size());
        assertEquals(3500, all.get(7).startMs());
        assertEquals(5300, all.get(7).endMs());
        assertTrue(d.streams().isEmpty());
    }

    @Test
    void chunkingDoesNotChangeTheResult() {
        float[] audio = Signals.concat(Signals.speech(3 * SR, 2), new float[SR], Signals.speech(2 * SR + 123, 3));
        Detector d = detector();
        d.audio("whole", audio, 0, audio.length);
        d.end("whole");
        int[] sizes = {1, 160, 333, 8000, 17_000};
        int k = 0;
        for (int pos = 0; pos < audio.length; k++) {
            int n = Math.min(sizes[k % sizes.length], audio.length - pos);
            d.audio("chunks", audio, pos, n);
            pos += n;
        }
        d.end("chunks");
        List<EmotionEvent> a = sink.emotions("whole");
        List<EmotionEvent> b = sink.emotions("chunks");
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).label(), b.get(i).label());
            assertEquals(a.get(i).probabilities(), b.get(i).probabilities());
            assertEquals(a.get(i).endMs(), b.get(i).endMs());
        }
    }

    @Test
    void silenceIsGatedAndNoiseFloorIsTracked() {
        // 3 s digital silence, 3 s speech, 3 s of a -45 dBFS noise (above vad.min.db: only the floor rejects it)
        float[] audio = Signals.concat(new float[3 * SR], Signals.speech(3 * SR, 4), Signals.noise(9 * SR, -45, 5));
        Detector d = detector();
        d.audio("s", audio, 0, audio.length);
        d.end("s");
        List<EmotionEvent> ev = sink.emotions("s");
        EmotionEvent first = ev.get(0);
        assertEquals(EmotionEvent.SILENCE, first.label());
        assertEquals(EmotionEvent.SILENCE, first.smoothedLabel());
        assertTrue(first.probabilities().isEmpty());
        assertTrue(first.modalities().isEmpty());
        EmotionEvent speech = ev.stream().filter(e -> e.startMs() == 3500).findFirst().orElseThrow();
        assertFalse(speech.silence(), speech.toString());
        // well into the noise (after the floor has adapted) windows are silent again
        List<EmotionEvent> late = ev.stream().filter(e -> e.startMs() >= 9000).toList();
        assertFalse(late.isEmpty());
        late.forEach(e -> assertTrue(e.silence(), e.toString()));
        assertEquals(ev.size() - ev.stream().filter(EmotionEvent::silence).count(), model.windows.get(),
                "silent windows skip the model");
    }

    @Test
    void speechInConstantNoiseIsStillSpeech() {
        float[] noise = Signals.noise(12 * SR, -40, 6);
        float[] speech = Signals.concat(new float[6 * SR], Signals.speech(4 * SR, 7), new float[2 * SR]);
        Detector d = detector();
        d.audio("n", Signals.add(noise, speech), 0, noise.length);
        d.end("n");
        List<EmotionEvent> ev = sink.emotions("n");
        assertTrue(ev.stream().filter(e -> e.startMs() >= 1000 && e.endMs() <= 6000).allMatch(EmotionEvent::silence));
        assertTrue(ev.stream().filter(e -> e.startMs() >= 6500 && e.endMs() <= 10000).noneMatch(EmotionEvent::silence));
    }

    @Test
    void shortClipGivesOnePaddedWindowAndEmptyStreamGivesNone() {
        Detector d = detector();
        float[] clip = Signals.speech(SR / 10, 8);
        d.audio("short", clip, 0, clip.length);
        assertTrue(sink.emotions("short").isEmpty());
        d.end("short");
        List<EmotionEvent> ev = sink.emotions("short");
        assertEquals(1, ev.size());
        assertEquals(0, ev.get(0).startMs());
        assertEquals(100, ev.get(0).endMs());

        float[] sliver = Signals.speech(2 * SR + 100, 8); // resampling rounding: no window for 100 samples
        d.audio("sliver", sliver, 0, sliver.length);
        d.end("sliver");
        assertEquals(1, sink.emotions("sliver").size());

        d.begin("empty", 0);
        d.end("empty");
        d.audio("zero-length", clip, 0, 0);
        d.end("zero-length");
        assertTrue(sink.emotions("empty").isEmpty());
        assertTrue(sink.emotions("zero-length").isEmpty());
    }

    @Test
    void beginMidStreamKeepsSeqAbsoluteAndResumeReplaysTheSameIds() {
        float[] audio = Signals.speech(8 * SR, 9);
        Detector d = detector();
        d.audio("k", audio, 0, audio.length);
        d.end("k");
        List<EmotionEvent> full = sink.emotions("k");
        sink.clear();

        // a consumer crashed after 5.3 s: it resumes where the detector says and gets the same ids and labels
        d.audio("k", audio, 0, (int) (5.3 * SR));
        long resume = d.resumePoint("k");
        assertEquals(56_000, resume); // window at 3.5 s (ends at 5.5 s) is the first not yet published
        d.drop("k");
        assertEquals(-1, d.resumePoint("k"));
        sink.clear();
        d.begin("k", resume);
        assertThrows(IllegalStateException.class, () -> d.begin("k", 0));
        d.audio("k", audio, (int) resume, audio.length - (int) resume);
        d.end("k");
        List<EmotionEvent> resumed = sink.emotions("k");
        assertEquals(7, resumed.get(0).seq());
        List<EmotionEvent> tail = full.subList(full.size() - resumed.size(), full.size());
        for (int i = 0; i < resumed.size(); i++) {
            assertEquals(tail.get(i).id(), resumed.get(i).id());
            assertEquals(tail.get(i).probabilities(), resumed.get(i).probabilities());
        }

        // an unaligned start: the first window starts at the next multiple of the hop
        sink.clear();
        d.begin("u", 12_345);
        d.audio("u", audio, 0, 3 * SR);
        assertEquals(2, sink.emotions("u").get(0).seq());
        assertEquals(1000, sink.emotions("u").get(0).startMs());
    }

    @Test
    void manyStreamsConcurrently() throws Exception {
        Detector d = detector();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            String id = "s" + s;
            float[] audio = Signals.speech(4 * SR + s * 1000, s);
            fs.add(pool.submit(() -> {
                for (int pos = 0; pos < audio.length; pos += 3200) {
                    d.audio(id, audio, pos, Math.min(3200, audio.length - pos));
                }
                d.end(id);
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        for (int s = 0; s < 8; s++) {
            List<EmotionEvent> ev = sink.emotions("s" + s);
            assertEquals(s == 0 ? 5 : 6, ev.size(), "stream s" + s); // s0 is exactly 4 s: no padded tail
            for (int i = 1; i < ev.size(); i++) {
                assertTrue(ev.get(i).seq() > ev.get(i - 1).seq());
            }
        }
        assertTrue(d.streams().isEmpty());
    }

    @Test
    void closeFlushesEveryStreamAndRefusesMore() {
        Detector d = detector();
        float[] audio = Signals.speech(SR, 10);
        d.audio("x", audio, 0, audio.length);
        d.audio("y", audio, 0, audio.length);
        d.close();
        assertEquals(1, sink.emotions("x").size());
        assertEquals(1, sink.emotions("y").size());
        assertThrows(IllegalStateException.class, () -> d.audio("z", audio, 0, 10));
    }

    @Test
    void maxStreamsIsEnforced() {
        PipelineSettings two = new PipelineSettings(32_000, 8_000, VadSettings.ENERGY, SmoothingSettings.DEFAULT, 0, false, AsrSettings.DEFAULT, 2);
        Detector d = detector(two);
        d.begin("a", 0);
        d.begin("b", 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.begin("c", 0));
        assertTrue(e.getMessage().contains("pipeline.max.streams"), e.getMessage());
    }

    @Test
    void configIsValidatedAgainstTheModel() {
        Config c = Config.defaults().with("window.seconds", "3.0");
        ConfigException e = assertThrows(ConfigException.class, () -> Detector.builder(model, sink).config(c).build());
        assertTrue(e.getMessage().startsWith("config window.seconds:"), e.getMessage());
        ConfigException hop = assertThrows(ConfigException.class,
                () -> PipelineSettings.from(Config.defaults().with("window.hop.seconds", "0.3")));
        assertTrue(hop.getMessage().contains("does not divide"), hop.getMessage());
        assertThrows(ConfigException.class, () -> PipelineSettings.from(Config.defaults().with("smoothing.method", "median")));
        assertThrows(ConfigException.class, () -> PipelineSettings.from(Config.defaults().with("vad.min.voiced", "2")));
        PipelineSettings s = PipelineSettings.from(Config.defaults());
        assertEquals(32_000, s.windowSamples());
        assertEquals(8_000, s.hopSamples());
    }

    // ------------------------------------------------------------------ text branch

    /** Recognises one scripted utterance: partial words from 1.0 s, final "i told you" (1.0-2.6 s) at 3.2 s. */
    private static final class ScriptedAsr implements Transcriber {
        int opened;

        @Override
        public TranscriberSession open(String streamId, long startSample) {
            opened++;
            return new TranscriberSession() {
                long pos = startSample;
                boolean partialSent;
                boolean finalSent;

                @Override
                public List<Transcript> accept(float[] samples, int offset, int length) {
                    pos += length;
                    if (!finalSent && pos >= 3.2 * SR) {
                        finalSent = true;
                        return List.of(new Transcript("i told you", 1000, 2600, List.of(
                                new Word("i", 1000, 1200, 1), new Word("told", 1300, 1900, 1), new Word("you", 2000, 2600, 1)), true));
                    }
                    if (!partialSent && !finalSent && pos >= 1.4 * SR) {
                        partialSent = true;
                        return List.of(new Transcript("i", 1000, 1200, List.of(), false));
                    }
                    return List.of();
                }

                @Override
                public void skip(int length) {
                    pos += length;
                }

                @Override
                public List<Transcript> finish() {
                    return List.of();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    private static final class CountingEncoder implements TextEncoder {
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public int dimension() {
            return 384;
        }

        @Override
        public float[] encode(String text) {
            calls.incrementAndGet();
            return new float[384];
        }

        @Override
        public void close() {
        }
    }

    private Detector textDetector(PipelineSettings s, Transcriber asr, TextEncoder encoder) {
        return Detector.builder(new FakeModel(384), sink).settings(s).metrics(new Metrics()).transcriber(asr)
                .textEncoder(encoder).build();
    }

    private static void await(Detector d, String stream) throws InterruptedException {
        assertTrue(d.awaitRecognition(stream, java.time.Duration.ofSeconds(20)), "recognition caught up");
    }

    @Test
    void windowsGoOutAtOnceAndAreRevisedWhenTheirTranscriptArrives() throws Exception {
        CountingEncoder encoder = new CountingEncoder();
        ScriptedAsr asr = new ScriptedAsr();
        Detector d = textDetector(PipelineSettings.DEFAULT, asr, encoder);
        float[] audio = Signals.speech(6 * SR, 11);
        d.audio("t", audio, 0, 3 * SR);
        // windows [0, 2), [0.5, 2.5), [1, 3) are out before audio() returns, from the audio: the utterance they
        // overlap is not final yet
        List<EmotionEvent> first = sink.emotions("t");
        assertEquals(3, first.size());
        for (EmotionEvent e : first) {
            assertEquals(0, e.revision());
            assertFalse(e.isFinal(), "a revision may follow: " + e);
            assertEquals(List.of("audio"), e.modalities());
            assertNull(e.transcript());
            assertProbabilities(e);
        }
        assertEquals(0, d.resumePoint("t"), "windows that may still be revised are not done");
        d.audio("t", audio, 3 * SR, (int) (0.5 * SR));   // the final result comes at 3.2 s
        await(d, "t");
        List<Event> all = sink.all();
        int transcriptAt = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof TranscriptEvent t) {
                assertEquals("i told you", t.text());
                assertEquals("t:t0", t.id());
                transcriptAt = i;
            } else if (((EmotionEvent) all.get(i)).modalities().contains("text")) {
                assertTrue(transcriptAt >= 0 && transcriptAt < i, "the transcript comes before the windows that use it");
            }
        }
        for (EmotionEvent e : sink.latest("t").subList(0, 4)) { // 0, 0.5, 1.0, 1.5 s overlap "i told you"
            assertEquals(List.of("audio", "text"), e.modalities(), e.toString());
            assertEquals("i told you", e.transcript());
            assertProbabilities(e);
        }
        for (EmotionEvent e : first) {
            List<EmotionEvent> records = sink.emotions("t").stream().filter(x -> x.id().equals(e.id())).toList();
            assertTrue(records.size() >= 2 && records.get(1).revision() == 1 && records.get(1).modalities().contains("text"),
                    "the same window again, fused: " + records);
        }
        d.audio("t", audio, (int) (3.5 * SR), (int) (2.5 * SR));
        d.end("t");
        List<EmotionEvent> last = sink.checkRevisions("t");
        EmotionEvent late = last.get(last.size() - 1);
        assertEquals(List.of("audio"), late.modalities(), "windows after the utterance use audio only");
        assertNull(late.transcript());
        assertEquals(9, last.size(), "every window once, as its last record");
        assertEquals(1, encoder.calls.get(), "each final result is encoded once, not per window");
        assertEquals(1, asr.opened);
    }

    @Test
    void withoutRevisionsSpeechWindowsWaitForTheirTranscriptAndGoOutOnce() throws Exception {
        CountingEncoder encoder = new CountingEncoder();
        ScriptedAsr asr = new ScriptedAsr();
        Detector d = textDetector(PipelineSettings.DEFAULT.withRevisions(false), asr, encoder);
        float[] audio = Signals.speech(6 * SR, 11);
        d.audio("t", audio, 0, 3 * SR);
        // window [0, 2 s) overlaps the pending utterance: held for the final (which comes at 3.2 s)
        assertTrue(sink.emotions("t").isEmpty());
        assertEquals(0, d.resumePoint("t"));
        d.audio("t", audio, 3 * SR, (int) (0.5 * SR));
        await(d, "t");
        List<Event> all = sink.all();
        assertTrue(all.get(0) instanceof TranscriptEvent, "the transcript comes before the windows that use it");
        List<EmotionEvent> ev = sink.emotions("t");
        assertTrue(ev.size() >= 3, ev.toString()); // 0, 0.5, 1.0 s: recognition is past them
        for (EmotionEvent e : ev) {
            assertEquals(List.of("audio", "text"), e.modalities(), e.toString());
            assertEquals("i told you", e.transcript());
            assertEquals(0, e.revision());
            assertTrue(e.isFinal());
            assertProbabilities(e);
        }
        d.audio("t", audio, (int) (3.5 * SR), (int) (2.5 * SR));
        d.end("t");
        ev = sink.emotions("t");
        assertEquals(9, ev.size(), "one record per window");
        for (int i = 0; i < ev.size(); i++) {
            assertEquals(i, ev.get(i).seq());
            assertEquals(0, ev.get(i).revision());
            assertTrue(ev.get(i).isFinal());
        }
        assertEquals(List.of("audio"), ev.get(ev.size() - 1).modalities(), "windows after the utterance use audio only");
        assertEquals(1, encoder.calls.get(), "each final result is encoded once, not per window");
    }

    @Test
    void noWaitMeansAudioFirst() throws Exception {
        PipelineSettings noWait = new PipelineSettings(32_000, 8_000, VadSettings.ENERGY, SmoothingSettings.DEFAULT, 0, true, AsrSettings.DEFAULT, 10);
        Detector d = textDetector(noWait, new ScriptedAsr(), new CountingEncoder());
        float[] audio = Signals.speech(6 * SR, 12);
        d.audio("t", audio, 0, 2 * SR);
        assertEquals(1, sink.emotions("t").size());
        assertEquals(List.of("audio"), sink.emotions("t").get(0).modalities());
        await(d, "t");
        // partials are published when asked for
        assertTrue(sink.transcripts("t").stream().anyMatch(tr -> !tr.isFinal()), sink.all().toString());
        for (int pos = 2 * SR; pos < audio.length; pos += SR / 2) { // recognition keeps up, as with live audio
            d.audio("t", audio, pos, SR / 2);
            await(d, "t");
        }
        d.end("t");
        // the windows that end after the final result and overlap it do get the text
        assertTrue(sink.emotions("t").stream().anyMatch(e -> e.modalities().contains("text")));
    }

    @Test
    void waitIsBounded() {
        PipelineSettings shortWait = new PipelineSettings(32_000, 8_000, VadSettings.ENERGY, SmoothingSettings.DEFAULT,
                SR / 2, false, AsrSettings.DEFAULT, 10);
        Detector d = textDetector(shortWait, new ScriptedAsr(), new CountingEncoder());
        float[] audio = Signals.speech(6 * SR, 13);
        d.audio("t", audio, 0, (int) (2.5 * SR));
        // window 0 ended at 2.0 s; after 0.5 s more audio it goes out without text
        assertEquals(1, sink.emotions("t").size());
        assertEquals(List.of("audio"), sink.emotions("t").get(0).modalities());
    }

    /** Recognises at half real time and says "hello" after every 0.5 s of audio it is fed. */
    private static final class SlowAsr implements Transcriber {
        @Override
        public TranscriberSession open(String streamId, long startSample) {
            return new TranscriberSession() {
                long pos = startSample;
                long nextFinal = startSample + SR / 2;

                @Override
                public List<Transcript> accept(float[] samples, int offset, int length) {
                    java.util.concurrent.locks.LockSupport.parkNanos(length * 2_000_000_000L / SR);
                    pos += length;
                    if (pos >= nextFinal) {
                        long end = pos * 1000 / SR;
                        nextFinal = pos + SR / 2;
                        return List.of(new Transcript("hello", end - 400, end - 100,
                                List.of(new Word("hello", end - 400, end - 100, 1)), true));
                    }
                    return List.of();
                }

                @Override
                public void skip(int length) {
                    pos += length;
                    nextFinal = Math.max(nextFinal, pos + SR / 2);
                }

                @Override
                public List<Transcript> finish() {
                    return List.of();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    @Test
    void overloadedRecognitionSkipsOldAudioWhileEveryWindowGoesOutOnTime() throws Exception {
        Metrics metrics = new Metrics();
        AsrSettings tight = new AsrSettings(false, 0, 0, 1, SR / 2, SR / 4);   // 1 worker, 0.5 s queue, warn at 0.25 s
        Detector d = Detector.builder(new FakeModel(384), sink).settings(PipelineSettings.DEFAULT.withAsr(tight))
                .metrics(metrics).transcriber(new SlowAsr()).textEncoder(new CountingEncoder()).build();
        float[] audio = Signals.speech(4 * SR, 14);
        boolean lagged = false;
        long t0 = System.nanoTime();
        for (int pos = 0; pos < audio.length; pos += SR / 10) { // live: 100 ms every 100 ms, twice what recognition does
            java.util.concurrent.locks.LockSupport.parkNanos(t0 + pos * 1_000_000_000L / SR - System.nanoTime());
            d.audio("o", audio, pos, SR / 10);
            int received = pos + SR / 10;
            int complete = received < 2 * SR ? 0 : (received - 2 * SR) / 8_000 + 1;
            assertEquals(complete, sink.latest("o").size(), "every complete window is out before audio() returns");
            lagged |= d.asrLagSeconds("o") >= 0.25;
        }
        assertTrue(lagged, "recognition fell behind");
        assertTrue(d.asrLagSeconds("o") <= 0.8, "the queue is bounded: " + d.asrLagSeconds("o") + " s behind");
        assertTrue(metrics.toPrometheus().contains("emostream_asr_lag_seconds{stream=\"o\"}"), metrics.toPrometheus());
        d.end("o");
        List<EmotionEvent> last = sink.checkRevisions("o");
        assertEquals(5, last.size(), "nothing lost: every window's last record is there");
        assertTrue(metrics.counter("emostream_asr_shed_samples_total", "").get() > 0, "old audio was skipped");
        assertTrue(last.stream().anyMatch(EmotionEvent::asrSkipped), "the skipped windows say so: " + last);
        assertTrue(sink.emotions("o").stream().anyMatch(e -> e.asrLagMs() != null), "events made while behind carry the lag");
        assertTrue(sink.transcripts("o").size() >= 1, "what was recognised is published");
        assertEquals(1, metrics.counter("emostream_asr_lag_warnings_total", "").get(), "one warning for the stretch");
    }

    @Test
    void recordedAudioWaitsForRecognitionInsteadOfSkippingIt() throws Exception {
        Metrics metrics = new Metrics();
        AsrSettings tight = new AsrSettings(false, 0, 0, 1, SR / 2, SR / 4);
        Detector d = Detector.builder(new FakeModel(384), sink).settings(PipelineSettings.DEFAULT.withAsr(tight))
                .metrics(metrics).transcriber(new ScriptedAsr()).textEncoder(new CountingEncoder()).build();
        float[] audio = Signals.speech(6 * SR, 15);
        for (int pos = 0; pos < audio.length; pos += SR / 10) { // a file read as fast as possible
            d.audio("f", audio, pos, SR / 10);
            assertTrue(d.asrLagSeconds("f") <= 0.6, "the queue stays bounded: " + d.asrLagSeconds("f"));
        }
        d.end("f");
        assertEquals(0, metrics.counter("emostream_asr_shed_samples_total", "").get(), "nothing skipped");
        assertEquals(1, sink.transcripts("f").size());
        assertTrue(sink.checkRevisions("f").stream().noneMatch(EmotionEvent::asrSkipped));
    }

    @Test
    void recordedAudioWaitsForARecogniserSlowerThanRealTime() throws Exception {
        // a busy machine: recognition at half real time. The file waits on a full queue long enough for the clock to
        // catch up with what it delivered; it must still wait, not be taken for live audio and skipped.
        Metrics metrics = new Metrics();
        AsrSettings tight = new AsrSettings(false, 0, 0, 1, SR / 2, SR / 4);
        Detector d = Detector.builder(new FakeModel(384), sink).settings(PipelineSettings.DEFAULT.withAsr(tight))
                .metrics(metrics).transcriber(new SlowAsr()).textEncoder(new CountingEncoder()).build();
        float[] audio = Signals.speech(3 * SR, 17);
        for (int pos = 0; pos < audio.length; pos += SR / 10) {
            d.audio("busy", audio, pos, SR / 10);
        }
        d.end("busy");
        assertEquals(0, metrics.counter("emostream_asr_shed_samples_total", "").get(), "nothing skipped");
        assertTrue(sink.checkRevisions("busy").stream().noneMatch(EmotionEvent::asrSkipped));
        assertEquals(6, sink.transcripts("busy").size(), "every half second recognised");
    }

    @Test
    void aShortFileReadAtFullSpeedIsNotReportedAsOverload() throws Exception {
        Metrics metrics = new Metrics();
        // the whole file fits the queue; a warning at 1.5 s of lag, past the second of slack a live source gets
        AsrSettings roomy = new AsrSettings(false, 0, 0, 1, 6 * SR, SR * 3 / 2);
        Detector d = Detector.builder(new FakeModel(384), sink).settings(PipelineSettings.DEFAULT.withAsr(roomy))
                .metrics(metrics).transcriber(new SlowAsr()).textEncoder(new CountingEncoder()).build();
        float[] audio = Signals.speech(SR * 5 / 2, 16);   // recognised at half real time: 5 s behind at the end
        for (int pos = 0; pos < audio.length; pos += SR / 10) {
            d.audio("short", audio, pos, Math.min(SR / 10, audio.length - pos));
        }
        d.end("short");
        assertEquals(0, metrics.counter("emostream_asr_lag_warnings_total", "").get(), "no overload warning");
        assertTrue(sink.emotions("short").stream().allMatch(e -> e.asrLagMs() == null), "no lag on its events");
    }

    static void assertProbabilities(EmotionEvent e) {
        double sum = e.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sum, 1e-4, e.toString());
        assertEquals(FakeModel.LABELS, List.copyOf(e.probabilities().keySet()));
        assertEquals(e.probabilities().get(e.label()), e.confidence(), 1e-9);
        assertTrue(FakeModel.LABELS.contains(e.smoothedLabel()));
    }
}
