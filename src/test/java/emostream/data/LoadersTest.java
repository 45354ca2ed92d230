package emostream.data;

import emostream.audio.AudioFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every loader on a tiny corpus written by the test: correctly named WAVs and label files. */
class LoadersTest {

    @TempDir
    Path dir;

    private static final byte[] WAV = AudioFiles.wavBytes(new float[1600], 16000);

    private Path wav(String rel) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, WAV);
        return p;
    }

    private Path flac(String rel) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, emostream.audio.TestFlac.encode(new float[1600], 16000));
        return p;
    }

    private Path text(String rel, String content) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static Utterance item(Dataset d, String id) {
        return d.items().stream().filter(u -> u.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not loaded: " + d.summary()));
    }

    private static String reasonFor(Dataset d, String itemPart) {
        return d.skipped().stream().filter(s -> s.item().contains(itemPart)).map(Skipped::reason).findFirst()
                .orElseThrow(() -> new AssertionError(itemPart + " not skipped: " + d.skipped()));
    }

    @Test
    void emodb() throws IOException {
        wav("emodb/wav/03a01Wa.wav");
        wav("emodb/wav/08b02Lb.wav");
        wav("emodb/wav/03a01Xa.wav");
        wav("emodb/wav/readme.wav");
        text("emodb/transcripts.tsv", "text_code\ttranscript_de\na01\tDer Lappen liegt auf dem Eisschrank.\n");
        Dataset d = new EmoDbLoader().load(dir.resolve("emodb"), LabelMap.defaults());
        assertEquals(2, d.size());
        Utterance u = item(d, "03a01Wa");
        assertEquals("anger", u.label());
        assertEquals("W", u.rawLabel());
        assertEquals("03", u.speaker());
        assertEquals("Der Lappen liegt auf dem Eisschrank.", u.text());
        assertEquals(dir.resolve("emodb/wav/03a01Wa.wav"), u.audio());
        assertEquals("boredom", item(d, "08b02Lb").label());
        assertNull(item(d, "08b02Lb").text());
        assertTrue(reasonFor(d, "03a01Xa").startsWith("unknown label 'X'"));
        assertTrue(reasonFor(d, "readme").startsWith("not an EmoDB file name"));

        Dataset noBoredom = new EmoDbLoader().load(dir.resolve("emodb"), LabelMap.defaults().withEntry("emodb.L="));
        assertEquals(1, noBoredom.size());
        assertEquals("label 'L' is dropped by the emodb label map", reasonFor(noBoredom, "08b02Lb"));
    }

    @Test
    void nemoFromLabelsCsvAndFromTheOriginalDataTsv() throws IOException {
        wav("nemo/wav_16k/EB0_anger_1.wav");
        wav("nemo/wav_16k/KS0_surprised_2.wav");
        text("nemo/labels.csv", "file,speaker,gender,age,emotion,sentence_id,raw_text,normalized_text,duration_s\n"
                + "wav_16k/EB0_anger_1.wav,EB0,female,27,anger,1,Lubię czytać przed snem.,lubię czytać przed snem,1.9\n"
                + "wav_16k/KS0_surprised_2.wav,KS0,male,23,surprised,2,\"Tak, jasne.\",tak jasne,1.2\n"
                + "wav_16k/KS0_fear_3.wav,KS0,male,23,fear,3,Nie.,nie,1.0\n");
        Dataset d = new NemoLoader().load(dir.resolve("nemo"), LabelMap.defaults());
        assertEquals(2, d.size());
        assertEquals("surprise", item(d, "KS0_surprised_2").label());
        assertEquals("Tak, jasne.", item(d, "KS0_surprised_2").text());
        assertEquals("Lubię czytać przed snem.", item(d, "EB0_anger_1").text());
        assertTrue(reasonFor(d, "labels.csv:4").startsWith("audio file missing"));

        wav("orig/samples/WR0_neutral_9.wav");
        text("orig/data.tsv", "file_id\temotion\traw_text\tnormalized_text\tspeaker_id\tgender\tage\n"
                + "WR0_neutral_9.wav\tneutral\tDzień dobry.\tdzień dobry\t        WR0\tmale\t23\n");
        Dataset o = new NemoLoader().load(dir.resolve("orig"), LabelMap.defaults());
        assertEquals("WR0", item(o, "WR0_neutral_9").speaker());
    }

    @Test
    void meldWithQuotedFieldsCrlfAndAnUnknownLabel() throws IOException {
        String header = "Sr No.,Utterance,Speaker,Emotion,Sentiment,Dialogue_ID,Utterance_ID,Season,Episode,StartTime,EndTime\r\n";
        text("meld/MELD/train_sent_emo.csv", header
                + "1,\"Oh my God, he’s lost it.\",Phoebe,joy,positive,0,0,4,7,\"00:20:57,256\",\"00:21:00,049\"\r\n"
                + "2,\"He said \"\"no\"\"\nand left\",Monica,anger,negative,0,1,4,7,\"00:21:01,927\",\"00:21:03,261\"\r\n"
                + "3,What?,Ross,confusion,negative,0,2,4,7,\"00:21:01,927\",\"00:21:03,261\"\r\n");
        text("meld/MELD/test_sent_emo.csv", header + "1,Hi.,Mark,neutral,neutral,5,0,3,19,\"0\",\"1\"\r\n");
        Dataset d = MeldLoader.meld().load(dir.resolve("meld"), LabelMap.defaults());
        assertEquals(3, d.size());
        Utterance u = item(d, "train/dia0_utt0");
        assertEquals("happiness", u.label());
        assertEquals("Oh my God, he's lost it.", u.text());
        assertEquals("train", u.group());
        assertNull(u.audio());
        assertEquals("He said \"no\"\nand left", item(d, "train/dia0_utt1").text());
        assertEquals("test", item(d, "test/dia5_utt0").group());
        assertEquals("unknown label 'confusion' (not in the meld label map)", reasonFor(d, "train_sent_emo.csv:5"));

        text("bad/train_sent_emo.csv", "Utterance,Speaker\nHi,Ross\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> MeldLoader.meld().load(dir.resolve("bad"), LabelMap.defaults()));
        assertTrue(e.getMessage().contains("train_sent_emo.csv: no 'Emotion' column"), e.getMessage());
    }

    @Test
    void goEmotionsMultiLabelPolicy() throws IOException {
        text("go/ekman/labels.txt", "anger\ndisgust\nfear\njoy\nneutral\nsadness\nsurprise\n");
        text("go/ekman/train.tsv", "I love it\t3\tid1\nWhat?\t6\tid2\nhmm\t3,4\tid3\nbad\t9\tid4\nshort\n");
        Dataset d = GoEmotionsLoader.ekman().load(dir.resolve("go"), LabelMap.defaults());
        assertEquals(2, d.size());
        assertEquals("happiness", item(d, "train/id1").label());
        assertEquals("", item(d, "train/id1").speaker());
        assertEquals("multi-label row maps to happiness+neutral", reasonFor(d, "train.tsv:3"));
        assertTrue(reasonFor(d, "train.tsv:4").contains("not all in labels.txt"));
        assertTrue(reasonFor(d, "train.tsv:5").startsWith("expected 3 tab-separated fields"));

        // two labels that map to the same canonical one are kept
        LabelMap merged = LabelMap.defaults().withEntry("goemotions.neutral=happiness");
        Utterance kept = item(GoEmotionsLoader.ekman().load(dir.resolve("go"), merged), "train/id3");
        assertEquals("happiness", kept.label());
        assertEquals("joy,neutral", kept.rawLabel());
    }

    @Test
    void iemocapReleaseLayout() throws IOException {
        text("iemo/Session1/dialog/EmoEvaluation/Ses01F_impro01.txt",
                "% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]\n\n"
                        + "[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]\n"
                        + "C-E1:\tNeutral;\t()\n"
                        + "[10.01 - 11.3925]\tSes01F_impro01_M001\texc\t[3.0, 3.0, 3.0]\n"
                        + "[14.8872 - 18.0175]\tSes01F_impro01_F002\tfru\t[2.0, 3.5, 3.5]\n"
                        + "[19.0 - 20.0]\tSes01F_impro01_M003\txxx\t[2.0, 3.5, 3.5]\n");
        text("iemo/Session1/dialog/transcriptions/Ses01F_impro01.txt",
                "Ses01F_impro01_F000 [006.2901-008.2357]: Excuse me.\nSes01F_impro01_M001 [010.0100-011.3925]: Do you have your forms?\n");
        wav("iemo/Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F000.wav");
        wav("iemo/Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_M001.wav");
        wav("iemo/Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F002.wav");
        text("iemo/Session2/dialog/EmoEvaluation/Ses02M_script01_1.txt",
                "[1.0 - 2.0]\tSes02M_script01_1_F000\tang\t[2.0, 4.0, 4.0]\n");
        text("iemo/Session2/dialog/EmoEvaluation/._Ses02M_script01_1.txt", "garbage");
        wav("iemo/Session2/sentences/wav/Ses02M_script01_1/Ses02M_script01_1_F000.wav");
        Dataset d = new IemocapLoader().load(dir.resolve("iemo"), LabelMap.defaults());
        assertEquals(3, d.size(), d.summary());
        Utterance f = item(d, "Ses01F_impro01_F000");
        assertEquals("neutral", f.label());
        assertEquals("Ses01F", f.speaker());
        assertEquals("Session1", f.group());
        assertEquals("Excuse me.", f.text());
        Utterance m = item(d, "Ses01F_impro01_M001");
        assertEquals("happiness", m.label());
        assertEquals("exc", m.rawLabel());
        assertEquals("Ses01M", m.speaker());
        assertEquals("Ses02F", item(d, "Ses02M_script01_1_F000").speaker());
        assertEquals("label 'fru' is dropped by the iemocap label map", reasonFor(d, "Ses01F_impro01.txt:6"));
        assertEquals(2, d.skipped().size());

        Dataset noExc = new IemocapLoader().load(dir.resolve("iemo"), LabelMap.defaults().withEntry("iemocap.exc="));
        assertEquals(2, noExc.size());
        List<Split> loso = Splits.leaveOneGroupOut(d.items(), 0, 1);
        assertEquals(List.of("Session1", "Session2"), loso.stream().map(Split::name).toList());
    }

    @Test
    void cremaDRavdessTess() throws IOException {
        wav("crema/AudioWAV/1001_DFA_ANG_XX.wav");
        wav("crema/AudioWAV/1002_IEO_HAP_LO.wav");
        wav("crema/AudioWAV/1002_IEO_HAP.wav");
        Dataset c = FileNameLoader.cremaD().load(dir.resolve("crema"), LabelMap.defaults());
        assertEquals(2, c.size());
        assertEquals("anger", item(c, "1001_DFA_ANG_XX").label());
        assertEquals("Don't forget a jacket", item(c, "1001_DFA_ANG_XX").text());
        assertEquals("1002", item(c, "1002_IEO_HAP_LO").speaker());
        assertTrue(reasonFor(c, "1002_IEO_HAP.wav").startsWith("not a CREMA-D file name"));

        wav("rav/Actor_01/03-01-05-01-02-01-01.wav");
        wav("rav/Actor_02/03-01-02-02-01-02-02.wav");
        wav("rav/Actor_02/03-02-03-01-01-01-02.wav");
        wav("rav/Actor_02/03-01-09-01-01-01-02.wav");
        Dataset r = FileNameLoader.ravdess().load(dir.resolve("rav"), LabelMap.defaults());
        assertEquals(2, r.size());
        assertEquals("anger", item(r, "03-01-05-01-02-01-01").label());
        assertEquals("Dogs are sitting by the door", item(r, "03-01-05-01-02-01-01").text());
        assertEquals("01", item(r, "03-01-05-01-02-01-01").speaker());
        assertEquals("neutral", item(r, "03-01-02-02-01-02-02").label()); // calm → neutral by default
        assertEquals("calm", item(r, "03-01-02-02-01-02-02").rawLabel());
        assertTrue(reasonFor(r, "03-02-03").startsWith("song"));
        assertEquals("unknown emotion code 09", reasonFor(r, "03-01-09"));
        assertEquals("calm", FileNameLoader.ravdess().load(dir.resolve("rav"),
                LabelMap.defaults().withEntry("ravdess.calm=calm")).items().get(1).label());
        // the bundled copy's layout: flac/ with the original names
        flac("ravflac/flac/03-01-08-02-01-01-11.flac");
        Dataset rf = FileNameLoader.ravdess().load(dir.resolve("ravflac"), LabelMap.defaults());
        assertEquals("surprise", item(rf, "03-01-08-02-01-01-11").label());
        assertEquals("11", item(rf, "03-01-08-02-01-01-11").speaker());

        wav("tess/OAF_angry/OAF_back_angry.wav");
        wav("tess/YAF_pleasant_surprised/YAF_youth_ps.wav");
        wav("tess/YAF_pleasant_surprised/YAF_bath_pleasant_surprised.wav");
        Dataset t = FileNameLoader.tess().load(dir.resolve("tess"), LabelMap.defaults());
        assertEquals(3, t.size());
        assertEquals("OAF", item(t, "OAF_back_angry").speaker());
        assertEquals("Say the word back", item(t, "OAF_back_angry").text());
        assertEquals("surprise", item(t, "YAF_youth_ps").label());
        assertEquals("surprise", item(t, "YAF_bath_pleasant_surprised").label());
    }

    @Test
    void asedAndEmovo() throws IOException {
        flac("ased/flac/a5-01-01-01-07.flac");
        flac("ased/flac/S4-04-02-01-29.flac");   // the one capitalised name of the release
        flac("ased/flac/f2-02-01-02-25.flac");
        wav("ased/05Angry/a5-03-01-02-40.wav");   // the authors' own WAV layout
        flac("ased/flac/x9-01-01-01-07.flac");
        Dataset a = FileNameLoader.ased().load(dir.resolve("ased"), LabelMap.defaults());
        assertEquals(4, a.size(), a.summary());
        assertEquals("anger", item(a, "a5-01-01-01-07").label());
        assertEquals("07", item(a, "a5-01-01-01-07").speaker());
        assertEquals("sadness", item(a, "s4-04-02-01-29").label());
        assertEquals("fear", item(a, "f2-02-01-02-25").label());
        assertEquals("anger", item(a, "a5-03-01-02-40").label());
        assertTrue(reasonFor(a, "x9-01").startsWith("not an ASED file name"));
        assertEquals(List.of("07", "25", "29", "40"), List.copyOf(a.speakers()));

        flac("emovo/flac/gio-f1-b1.flac");
        flac("emovo/flac/pau-m3-n5.flac");
        flac("emovo/flac/xyz-m3-n5.flac");
        wav("emovo/m2/rab-m2-d1.wav");
        flac("emovo/flac/readme.flac");
        text("emovo/labels.csv", "file,speaker,gender,emotion,text,duration_s\n"
                + "flac/gio-f1-b1.flac,f1,female,joy,Gli operai si alzano presto.,2.1\n");
        Dataset e = FileNameLoader.emovo().load(dir.resolve("emovo"), LabelMap.defaults());
        assertEquals(3, e.size(), e.summary());
        assertEquals("happiness", item(e, "gio-f1-b1").label());
        assertEquals("Gli operai si alzano presto.", item(e, "gio-f1-b1").text());
        assertEquals("f1", item(e, "gio-f1-b1").speaker());
        assertEquals("fear", item(e, "pau-m3-n5").label());
        assertEquals("anger", item(e, "rab-m2-d1").label());
        assertNull(item(e, "rab-m2-d1").text());
        assertTrue(reasonFor(e, "xyz-m3").contains("xyz"), reasonFor(e, "xyz-m3"));
        assertTrue(reasonFor(e, "readme").startsWith("not an EMOVO file name"));
        assertTrue(Corpora.names().containsAll(List.of("ased", "emovo", "ravdess")));
    }

    @Test
    void manifest() throws IOException {
        wav("m/audio/a.wav");
        wav("m/audio/b.wav");
        text("m/manifest.csv", "path,label,speaker,text\n"
                + "audio/a.wav,Anger,s1,\"I told you, twice\"\n"
                + "audio/b.wav,neutral,s2,\n"
                + ",happiness,s3,what a day\n"
                + "audio/missing.wav,sadness,s4,\n"
                + "audio/a.wav,,s1,\n");
        Dataset d = new ManifestLoader().load(dir.resolve("m"), LabelMap.defaults());
        assertEquals(3, d.size(), d.summary());
        Utterance a = item(d, "audio/a");
        assertEquals("anger", a.label());
        assertEquals("I told you, twice", a.text());
        assertEquals(dir.resolve("m/audio/a.wav").toAbsolutePath(), a.audio());
        assertNull(item(d, "row4").audio());
        assertTrue(reasonFor(d, "manifest.csv:5").startsWith("audio file missing"));
        assertEquals("no label", reasonFor(d, "manifest.csv:6"));
        // the CSV itself can be the root; restricting labels skips the rest with a reason
        Dataset only = new ManifestLoader().load(dir.resolve("m/manifest.csv"), LabelMap.defaults().restrictTo(List.of("anger")));
        assertEquals(1, only.size());
        assertEquals("label 'neutral' is not in data.labels", reasonFor(only, "manifest.csv:3"));
    }

    @Test
    void badRootsStopWithOneClearMessage() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        for (String name : Corpora.names()) {
            DatasetException e = assertThrows(DatasetException.class,
                    () -> Corpora.loader(name).load(empty, LabelMap.defaults()), name);
            assertTrue(e.getMessage().contains(name.equals("manifest") ? "manifest.csv does not exist" : empty.toString()),
                    name + ": " + e.getMessage());
            DatasetException missing = assertThrows(DatasetException.class,
                    () -> Corpora.loader(name).load(dir.resolve("nowhere"), LabelMap.defaults()), name);
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        }
        assertEquals("nemo: neither labels.csv nor data.tsv in " + empty,
                assertThrows(DatasetException.class, () -> new NemoLoader().load(empty, LabelMap.defaults())).getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> Corpora.loader("emodbx"));
        assertTrue(u.getMessage().startsWith("unknown corpus 'emodbx' (known: emodb, nemo, meld"), u.getMessage());
    }

    @Test
    void corruptAudioIsFoundByTheCheapHeaderCheckAndSkipped() throws IOException {
        wav("emodb/wav/03a01Wa.wav");
        text("emodb/wav/03a02Wa.wav", "not audio at all");
        Path cut = wav("emodb/wav/03a04Wa.wav");
        Files.write(cut, java.util.Arrays.copyOf(WAV, 100));
        Dataset d = Corpora.load("emodb=" + dir.resolve("emodb"), dir, LabelMap.defaults());
        assertEquals(3, d.size());  // listing does not decode
        Dataset checked = d.checkAudio();
        assertEquals(1, checked.size());
        assertEquals("not an audio file", reasonFor(checked, "03a02Wa"));
        assertEquals("truncated WAV: header says 3200 data bytes, file has 56", reasonFor(checked, "03a04Wa"));
        assertEquals(Map.of("anger", 1), checked.labelCounts());
    }
}
