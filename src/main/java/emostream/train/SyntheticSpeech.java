package emostream.train;

import emostream.audio.Espeak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The synthetic neutral corpus ({@code tts}): sentences of the text corpus's <em>training</em> split read by
 * espeak-ng in {@link #VOICES}, every clip labelled neutral. A synthesiser's voice carries no emotion whatever the
 * words, and without such data the audio head takes its bright, steady spectrum for anger. The voices are disjoint
 * from the flat-voice test's ({@link FlatVoiceRun#VOICES}) and the sentences from its test split, so that test
 * still measures an unheard voice reading unseen words. Made once under {@code target/tts-neutral}; a
 * {@code manifest.csv} (path,label,speaker,text) describes it.
 */
public final class SyntheticSpeech {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticSpeech.class);

    /** espeak-ng voice, words per minute, pitch: other variants and accents than the flat-voice test's. */
    static final String[][] VOICES = {{"en-us+m1", "150", "45"}, {"en-us+f1", "160", "60"}, {"en-gb+m2", "170", "40"},
            {"en-us+f4", "145", "65"}, {"en-gb-scotland", "155", "50"}, {"en-029+m4", "165", "45"},
            {"en-us+klatt", "150", "50"}, {"en-gb-x-gbclan+f5", "160", "55"}};
    public static final int DEFAULT_CLIPS = 320;

    private SyntheticSpeech() {
    }

    /**
     * Makes the corpus in {@code dir} unless its manifest already lists {@code count} clips: {@code count} of the
     * training sentences (seeded, 4–30 words) spoken in turn by each voice.
     */
    public static Path ensure(Path dir, List<Example> trainingSentences, int count, long seed) throws IOException {
        Path manifest = dir.resolve("manifest.csv");
        if (Files.isRegularFile(manifest) && Files.readAllLines(manifest).size() == count + 1) {
            return dir;
        }
        List<Example> pool = new ArrayList<>(FlatVoiceRun.sample(trainingSentences, Integer.MAX_VALUE, seed, 4, 30));
        if (pool.size() < count) {
            throw new IllegalArgumentException("only " + pool.size() + " training sentences of 4-30 words for " + count
                    + " synthetic clips");
        }
        Collections.shuffle(pool, new Random(seed));
        LOG.info("tts: speaking {} training sentences with espeak-ng in {} voices into {} (once)", count, VOICES.length, dir);
        StringBuilder csv = new StringBuilder("path,label,speaker,text\n");
        for (int i = 0; i < count; i++) {
            String[] v = VOICES[i % VOICES.length];
            String text = pool.get(i).text().replace('"', '\'');
            String file = String.format(Locale.ROOT, "%03d-%s-%s.wav", i, v[0].replace('+', '_'),
                    FeatureCache.hash(text).substring(0, 8));
            Espeak.speak(v[0], Integer.parseInt(v[1]), Integer.parseInt(v[2]), text, dir.resolve(file));
            csv.append(file).append(",neutral,").append(v[0]).append(",\"").append(text).append("\"\n");
        }
        Path tmp = Files.createTempFile(dir, "manifest", ".tmp");
        try {
            Files.writeString(tmp, csv, StandardCharsets.UTF_8);
            Files.move(tmp, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return dir;
    }
}
