package emostream.asr;

import emostream.SpeechSynth;
import emostream.audio.AudioFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Vosk English model on real (synthesised) speech. */
class VoskTranscriberTest {

    static VoskTranscriber vosk;

    @BeforeAll
    static void load() {
        vosk = VoskTranscriber.load(Path.of(System.getProperty("emostream.vosk.model", "target/vosk/assets/model-en-us")));
    }

    @AfterAll
    static void close() {
        vosk.close();
    }

    private static List<Transcript> run(TranscriberSession s, float[] audio, int chunk) {
        List<Transcript> out = new ArrayList<>();
        for (int i = 0; i < audio.length; i += chunk) {
            out.addAll(s.accept(audio, i, Math.min(chunk, audio.length - i)));
        }
        out.addAll(s.finish());
        return out;
    }

    @Test
    void transcribesWithWordTimesOnTheAbsoluteTimeline(@TempDir Path dir) throws Exception {
        float[] speech = AudioFiles.read(SpeechSynth.say("please open the window", dir.resolve("s.wav")));
        float[] audio = new float[speech.length + 16_000 * 3];
        System.arraycopy(speech, 0, audio, 16_000, speech.length); // 1 s of silence first
        List<Transcript> finals;
        try (TranscriberSession s = vosk.open("a", 0)) {
            finals = run(s, audio, 4000).stream().filter(Transcript::isFinal).toList();
        }
        assertEquals(1, finals.size(), finals.toString());
        Transcript t = finals.get(0);
        assertEquals("please open the window", t.text());
        assertEquals(4, t.words().size());
        assertTrue(t.startMs() >= 900 && t.startMs() < 1500, "speech starts after the 1 s pause: " + t);
        for (int i = 1; i < t.words().size(); i++) {
            assertTrue(t.words().get(i).startMs() >= t.words().get(i - 1).startMs());
        }
        // the same audio on a stream resumed at 60 s: times move by 60 s
        try (TranscriberSession s = vosk.open("b", 60L * 16_000)) {
            Transcript late = run(s, audio, 4000).stream().filter(Transcript::isFinal).findFirst().orElseThrow();
            assertEquals(t.startMs() + 60_000, late.startMs(), 20);
        }
    }

    @Test
    void skippedSilenceKeepsWordTimesOnTheStreamTimeline(@TempDir Path dir) throws Exception {
        float[] speech = AudioFiles.read(SpeechSynth.say("please open the window", dir.resolve("s.wav")));
        float[] audio = new float[speech.length + 16_000 * 2];
        System.arraycopy(speech, 0, audio, 0, speech.length);
        List<Transcript> plain;
        try (TranscriberSession s = vosk.open("plain", 0)) {
            plain = run(s, audio, 4000).stream().filter(Transcript::isFinal).toList();
        }
        // 7 s of silence left out before the same speech: the words land 7 s later, as if it had been decoded
        List<Transcript> skipped;
        try (TranscriberSession s = vosk.open("skip", 0)) {
            s.skip(16_000 * 3);
            s.skip(16_000 * 4);
            skipped = run(s, audio, 4000).stream().filter(Transcript::isFinal).toList();
        }
        assertEquals(1, plain.size(), plain.toString());
        assertEquals(1, skipped.size(), skipped.toString());
        // (Vosk may hear the first word differently in a fresh recogniser; the timing is what is checked)
        List<Word> a = plain.get(0).words();
        List<Word> b = skipped.get(0).words();
        assertEquals(a.size(), b.size(), plain + " / " + skipped);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).startMs() + 7_000, b.get(i).startMs(), 60, a + " / " + b);
            assertEquals(a.get(i).endMs() + 7_000, b.get(i).endMs(), 60, a + " / " + b);
        }
    }

    @Test
    void aRecycledRecogniserKeepsEveryWordOnTheStreamTimeline(@TempDir Path dir) throws Exception {
        float[] first = AudioFiles.read(SpeechSynth.say("please open the window", dir.resolve("a.wav")));
        float[] second = AudioFiles.read(SpeechSynth.say("close the door now", dir.resolve("b.wav")));
        // two utterances with 2 s of silence after each, skipped silence between them on the stream's timeline
        float[] one = new float[first.length + 32_000];
        System.arraycopy(first, 0, one, 0, first.length);
        float[] two = new float[second.length + 32_000];
        System.arraycopy(second, 0, two, 0, second.length);
        List<Transcript> kept = new ArrayList<>();
        List<Transcript> recycled = new ArrayList<>();
        // recycling after 1 s of decoded audio: the second utterance goes to a fresh recogniser
        try (VoskTranscriber fresh = VoskTranscriber.load(vosk.directory(), 16_000);
             TranscriberSession a = vosk.open("kept", 16_000); TranscriberSession b = fresh.open("recycled", 16_000)) {
            for (var e : List.of(java.util.Map.entry(a, kept), java.util.Map.entry(b, recycled))) {
                for (int i = 0; i < one.length; i += 4000) {
                    e.getValue().addAll(e.getKey().accept(one, i, Math.min(4000, one.length - i)));
                }
                e.getKey().skip(5 * 16_000);
                e.getValue().addAll(run(e.getKey(), two, 4000));
            }
        }
        List<Word> k = kept.stream().filter(Transcript::isFinal).flatMap(t -> t.words().stream()).toList();
        List<Word> r = recycled.stream().filter(Transcript::isFinal).flatMap(t -> t.words().stream()).toList();
        // (two fresh recognisers may hear a word differently, "please" / "leave": the words' places are what is checked)
        assertEquals(8, k.size(), kept.toString());
        assertEquals(k.size(), r.size(), kept + " / " + recycled);
        for (int i = 0; i < k.size(); i++) {
            assertEquals(k.get(i).startMs(), r.get(i).startMs(), 40, k + " / " + r);
        }
        assertTrue(r.get(4).startMs() > 1000 + (one.length + 5 * 16_000) * 1000L / 16_000 - 100, r.toString());
    }

    @Test
    void partialResultsComeBeforeTheFinalAndSilenceGivesNothing(@TempDir Path dir) throws Exception {
        float[] speech = AudioFiles.read(SpeechSynth.say("the quick brown fox jumps over the lazy dog", dir.resolve("f.wav")));
        try (TranscriberSession s = vosk.open("p", 0)) {
            List<Transcript> all = run(s, speech, 1600);
            assertTrue(all.stream().anyMatch(x -> !x.isFinal() && !x.isEmpty()), "partials: " + all);
            Transcript last = all.stream().filter(Transcript::isFinal).reduce((a, b) -> b).orElseThrow();
            assertTrue(last.text().contains("fox") && last.text().contains("dog"), last.text());
        }
        try (TranscriberSession s = vosk.open("quiet", 0)) {
            assertTrue(run(s, new float[16_000 * 2], 8000).stream().noneMatch(Transcript::isFinal));
        }
    }

    @Test
    void partialResultsCarryTheWordsHeardSoFar(@TempDir Path dir) throws Exception {
        float[] speech = AudioFiles.read(SpeechSynth.say("the quick brown fox jumps over the lazy dog", dir.resolve("w.wav")));
        try (TranscriberSession s = vosk.open("pw", 16_000)) {
            List<Transcript> partials = run(s, speech, 1600).stream().filter(x -> !x.isFinal() && !x.isEmpty()).toList();
            Transcript p = partials.get(partials.size() - 1);
            assertEquals(p.text(), String.join(" ", p.words().stream().map(Word::word).toList()), p.toString());
            assertTrue(p.words().get(0).startMs() >= 1000, "on the stream's timeline (opened at 1 s): " + p);
        }
    }

    @Test
    void aRecogniserGivenBackWhenIdleResumesWithTheFirstWordOfTheNextUtterance(@TempDir Path dir) throws Exception {
        float[] first = AudioFiles.read(SpeechSynth.say("please open the window", dir.resolve("a.wav")));
        float[] second = AudioFiles.read(SpeechSynth.say("close the door now", dir.resolve("b.wav")));
        ReleasingSession.Counts counts = new ReleasingSession.Counts();
        List<Transcript> released;
        try (ReleasingSession s = new ReleasingSession(vosk, "r", 0, 5 * 16_000, counts)) {
            released = idleBetween(s, first, second, () -> assertTrue(!s.holding() && counts.released().get() == 1,
                    "given back after 5 s of skipped silence"));
        }
        assertEquals(1, counts.reopened().get(), "opened again for the next utterance");
        // the same audio through a recogniser that is kept: the next utterance has the same words at the same times
        List<Transcript> kept;
        try (TranscriberSession s = vosk.open("k", 0)) {
            kept = idleBetween(s, first, second, () -> { });
        }
        assertEquals(2, released.size(), released.toString());
        assertEquals(2, kept.size(), kept.toString());
        Transcript a = kept.get(1);
        Transcript b = released.get(1);
        // its first word is heard ("door" itself came out as "dog" in some full-suite runs: the fresh recogniser's
        // spelling, which the comment below allows for)
        assertTrue(b.text().startsWith("close"), b.text());
        // (a fresh recogniser has not adapted to the voice yet and may spell a word differently; what counts is that
        // it hears as many words, the first one from its start, on the stream's timeline)
        assertEquals(a.words().size(), b.words().size(), a + " / " + b);
        assertEquals(a.words().get(0).startMs(), b.words().get(0).startMs(), 100, a + " / " + b);
        assertEquals(a.endMs(), b.endMs(), 100, a + " / " + b);
        long preroll = (1_000L * (first.length + 16_000 + 23L * 8_000)) / 16_000;
        assertTrue(b.startMs() >= preroll, "the second utterance lies after the idle stretch: " + b);
    }

    /**
     * What AsrFeed does around an idle stretch: speech, a second of trailing silence fed (Vosk ends the utterance on
     * it), 11.5 s of silence skipped, its last half second fed back as pre-roll before the next speech. Returns the
     * final results; {@code idle} runs after the skipped stretch.
     */
    private static List<Transcript> idleBetween(TranscriberSession s, float[] first, float[] second, Runnable idle) {
        List<Transcript> all = new ArrayList<>(run2(s, first));
        all.addAll(run2(s, new float[16_000]));
        for (int i = 0; i < 23; i++) {
            s.skip(8_000);
        }
        idle.run();
        all.addAll(run2(s, new float[8_000]));
        all.addAll(run2(s, second));
        all.addAll(s.finish());
        return all.stream().filter(Transcript::isFinal).toList();
    }

    private static List<Transcript> run2(TranscriberSession s, float[] audio) {
        List<Transcript> out = new ArrayList<>();
        for (int i = 0; i < audio.length; i += 4000) {
            out.addAll(s.accept(audio, i, Math.min(4000, audio.length - i)));
        }
        return out;
    }

    @Test
    void aMissingModelIsAOneLineError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VoskTranscriber.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> VoskTranscriber.load(dir));
        assertTrue(empty.getMessage().contains("no acoustic model"), empty.getMessage());
    }
}
