package emostream.cli;

import emostream.audio.AudioFiles;
import emostream.audio.Espeak;
import emostream.audio.noise.Babble;
import emostream.audio.noise.NoiseSource;
import emostream.config.Config;
import emostream.data.Corpora;
import emostream.data.LabelMap;
import emostream.data.Utterance;
import emostream.eval.VadNoiseCheck;
import emostream.pipeline.PipelineSettings;
import emostream.vad.SileroModel;
import emostream.vad.VadSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;

/** {@code ./run.sh vad-check}: voice-activity detection in noise, Silero beside the energy gate. */
@Command(name = "vad-check", mixinStandardHelpOptions = true,
        description = {"Measure voice-activity detection in noise as a live stream sees it: each speaker's clips end to",
                "end, noise over the whole stream at an SNR against the active speech level, every window judged.",
                "Compares vad.engine=silero (with the config's vad.silero.* knobs) and energy. Prints Markdown tables."})
final class VadCheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--corpus", description = "Test speakers' corpus (default: ${DEFAULT-VALUE}).", defaultValue = "ravdess")
    String corpus;

    @Option(names = "--clips", description = "Clips per speaker (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    int clips;

    @Option(names = "--snr", split = ",", description = "SNRs in dB (default: ${DEFAULT-VALUE}).", defaultValue = "20,10,5")
    List<Double> snrs;

    @Option(names = "--babble-from", split = ",", description = "Corpora whose talkers make the babble (default: ${DEFAULT-VALUE}).",
            defaultValue = "emovo,ased")
    List<String> babbleFrom;

    @Option(names = "--alone-db", description = "Level of the noise-alone streams, dBFS (default: ${DEFAULT-VALUE}).", defaultValue = "-20")
    double aloneDb;

    @Option(names = "--alone-seconds", description = "Length of each noise-alone stream (default: ${DEFAULT-VALUE}).", defaultValue = "120")
    int aloneSeconds;

    @Override
    public Integer call() throws IOException {
        Config config = options.load();
        PipelineSettings settings = PipelineSettings.from(config);
        Path root = Corpora.dataRoot(config);
        LabelMap labels = LabelMap.fromConfig(config);
        List<Utterance> test = Corpora.load(corpus, root, labels).items();
        List<Utterance> others = new ArrayList<>();
        for (String c : babbleFrom) {
            others.addAll(Corpora.load(c, root, labels).items());
        }
        List<VadNoiseCheck.SpeakerStream> speakers = VadNoiseCheck.streams(test, clips);
        List<float[]> voices = VadNoiseCheck.babbleVoices(others, 6);
        VadNoiseCheck check = new VadNoiseCheck(settings.windowSamples(), settings.hopSamples());
        Map<String, LongFunction<NoiseSource>> noises = VadNoiseCheck.noises(voices);
        List<VadNoiseCheck.Condition> conditions = new ArrayList<>();
        conditions.add(new VadNoiseCheck.Condition("clean", null, Double.NaN));
        for (String n : List.of("pink", "babble")) {
            if (noises.containsKey(n)) {
                for (double snr : snrs) {
                    conditions.add(new VadNoiseCheck.Condition(String.format(java.util.Locale.ROOT, "%s %.0f dB", n, snr),
                            noises.get(n), snr));
                }
            }
        }
        Map<String, LongFunction<NoiseSource>> alone = new LinkedHashMap<>(noises);
        alone.remove("babble");
        List<float[]> espeak = espeakVoices();
        if (!espeak.isEmpty()) {
            alone.put("espeak babble (6 voices)", seed -> new Babble(espeak, seed));
        }
        Map<String, VadSettings> engines = new LinkedHashMap<>();
        engines.put("silero", settings.vad().withEngine(VadSettings.Engine.SILERO));
        engines.put("energy", settings.vad().withEngine(VadSettings.Engine.ENERGY));
        java.io.PrintStream out = System.out;
        int seconds = speakers.stream().mapToInt(s -> s.pcm().length).sum() / 16_000;
        out.printf("%s: %d speakers, %d clips each at most, %d s of speech streams; babble from %s (%d talkers); %s%n",
                corpus, speakers.size(), clips, seconds, String.join(",", babbleFrom), voices.size(), settings.vad());
        try (SileroModel model = SileroModel.load(config.path("vad.model"))) {
            var inNoise = check.speechInNoise(speakers, conditions, engines, model);
            var aloneTally = check.noiseAlone(alone, aloneDb, aloneSeconds, engines, model);
            out.println();
            out.print(VadNoiseCheck.markdown(inNoise, aloneTally, aloneDb));
        }
        return 0;
    }

    /** Six espeak-ng voices reading different sentences (none when espeak-ng is not installed). */
    private static List<float[]> espeakVoices() {
        String[][] v = {{"en-us", "The meeting moved to the third floor after lunch on Tuesday."},
                {"en-gb+f3", "Please remember to bring the blue folder and the signed forms."},
                {"en-us+m3", "Our train was delayed because of the storm near the river."},
                {"en-gb+m1", "She said the new bakery opens early every weekday morning."},
                {"en-us+f2", "Turn left at the second light and park behind the library."},
                {"en-us+m7", "Nobody expected the results to arrive before the end of the month."}};
        List<float[]> out = new ArrayList<>();
        Path dir = Config.home().resolve("target").resolve("vad-check");
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < v.length; i++) {
                Path wav = Espeak.speak(v[i][0], 160, 50, v[i][1], dir.resolve("babble-" + i + ".wav"));
                out.add(AudioFiles.read(wav));
            }
        } catch (IOException e) {
            System.err.println("no espeak-ng babble: " + e.getMessage());
            return List.of();
        }
        return out;
    }
}
