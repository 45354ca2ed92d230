package emostream.bench;

import emostream.audio.AudioFiles;
import emostream.audio.AudioSource;
import emostream.cli.UserException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The audio benchmarks run on: real speech, either English sentences that espeak-ng speaks into WAV files (cached
 * under target/, the default) or any WAV files the user names (e.g. {@code ../shared/data/emodb}). Clips are laid
 * end to end with pauses and a faint noise floor, like a person talking into a microphone, into one long signal per
 * stream; each stream starts at a different sentence so no two streams carry the same audio at the same time.
 */
final class SpeechCorpus {

    /** Typical utterances of 5 to 20 words, with some emotional content for the text branch. */
    static final List<String> SENTENCES = List.of(
            "I told you this would happen and you did not listen to me",
            "What a wonderful surprise, thank you so much",
            "Please leave me alone right now",
            "I can't believe we finally won the championship after all these years",
            "The meeting has been moved to Thursday afternoon at three",
            "I miss her every single day since she left",
            "Stop shouting at me, I am doing my best here",
            "Did you hear that noise coming from the basement last night",
            "This is the best day of my life",
            "I am so tired of waiting for you to call back",
            "We should take the train, it is faster than the bus",
            "Nobody cares about what I think anymore",
            "Get out of my office before I lose my temper",
            "Oh no, I think somebody is following us down the street",
            "Honestly, the weather today is just fine for a walk",
            "Your results came back and everything looks perfectly normal",
            "I really hoped that you would come to my birthday party this year",
            "That was absolutely disgusting, I never want to eat there again",
            "Wow, I did not expect to see you here",
            "Put the boxes in the kitchen next to the fridge",
            "Why does this always happen to me when everything is finally going well",
            "Thank you for being there when I needed someone",
            "Turn that music down, people are trying to sleep",
            "I lost my job today and I don't know what to tell my family");

    /** espeak-ng voice, words per minute, pitch: several speakers so the recogniser does not see one voice. */
    private static final String[][] VOICES = {
            {"en-us", "160", "50"}, {"en-us+f3", "150", "60"}, {"en", "170", "40"}, {"en-us+m3", "140", "45"}};

    /** Noise floor of the composed signal: a quiet room through a microphone, about -60 dBFS. */
    private static final float NOISE_RMS = 0.001f;

    private SpeechCorpus() {
    }

    /** Speaks {@link #SENTENCES} into {@code dir} (once; existing files are reused) and returns the WAV files. */
    static List<Path> espeak(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < SENTENCES.size(); i++) {
            String[] v = VOICES[i % VOICES.length];
            Path wav = dir.resolve(String.format("s%02d-%s.wav", i, v[0].replace('+', '_')));
            try {
                files.add(emostream.audio.Espeak.speak(v[0], Integer.parseInt(v[1]), Integer.parseInt(v[2]), SENTENCES.get(i), wav));
            } catch (IOException e) {
                throw new UserException(e.getMessage() + "; or give WAV files with --audio");
            }
        }
        return files;
    }

    /** The WAV files named, directories searched recursively, in a stable order. */
    static List<Path> wavFiles(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase().endsWith(".wav"))
                            .sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new UserException("bench audio " + p + " does not exist");
            }
        }
        if (out.isEmpty()) {
            throw new UserException("no .wav files in " + paths);
        }
        return out;
    }

    /** Each file as 16 kHz mono; at most {@code max} of them, spread over the list. */
    static List<float[]> load(List<Path> files, int max) throws IOException {
        List<float[]> clips = new ArrayList<>();
        int step = Math.max(1, files.size() / max);
        for (int i = 0; i < files.size() && clips.size() < max; i += step) {
            float[] a = AudioFiles.read(files.get(i)); // names the file and the problem when it is not usable audio
            if (a.length > 0) {
                clips.add(a);
            }
        }
        return clips;
    }

    /**
     * {@code seconds} of one stream: a short lead-in, then clips from index {@code stream} on (wrapping), each
     * followed by a 0.4-1.2 s pause, over a noise floor. Deterministic for a given stream number.
     */
    static float[] compose(List<float[]> clips, int stream, double seconds) {
        int total = (int) Math.round(seconds * AudioSource.SAMPLE_RATE);
        float[] out = new float[total];
        Random r = new Random(1000 + stream);
        int pos = (int) (0.3 * AudioSource.SAMPLE_RATE);
        for (int k = 0; pos < total; k++) {
            float[] clip = clips.get((stream + k) % clips.size());
            int n = Math.min(clip.length, total - pos);
            System.arraycopy(clip, 0, out, pos, n);
            pos += n + (int) ((0.4 + 0.8 * r.nextDouble()) * AudioSource.SAMPLE_RATE);
        }
        for (int i = 0; i < total; i++) {
            out[i] += NOISE_RMS * (float) r.nextGaussian();
        }
        return out;
    }

    /** Raw little-endian float32, which a benchmark process reads back without decoding. */
    static void writeRaw(Path file, float[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(samples);
        Files.write(file, b.array());
    }

    static float[] readRaw(Path file) throws IOException {
        FloatBuffer f = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[f.remaining()];
        f.get(out);
        return out;
    }
}
