package emostream.bench;

import emostream.asr.TranscriberSession;
import emostream.asr.VoskTranscriber;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What Vosk recognisers hold as they decode: {@code n} sessions fed the bench's streams side by side (100 ms at a
 * time, as fast as possible, no silence skipping), the process's resident memory after every 30 s of audio per
 * session, and the CPU it took. Session {@code i} hears stream {@code i}, then {@code i + n}, ... so a long run
 * keeps hearing new speech. With a recycle interval the sessions replace their recogniser after a final result
 * once it has decoded that much ({@code asr.recycle.seconds}).
 * <p>
 * {@code java -cp "target/emostream.jar:target/lib/*" emostream.bench.RecogniserMemory STREAMS_DIR N BLOCKS RECYCLE_S}
 * (STREAMS_DIR: {@code target/bench/streams}, written by {@code ./run.sh bench}; BLOCKS: 30-s blocks per session).
 */
public final class RecogniserMemory {

    private RecogniserMemory() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int blocks = Integer.parseInt(args[2]);
        double recycle = Double.parseDouble(args[3]);
        int files = 0;
        while (Files.exists(dir.resolve(String.format("stream-%02d.f32", files)))) {
            files++;
        }
        long rss0 = ProcessStats.rssBytes();
        try (VoskTranscriber vosk = VoskTranscriber.load(Path.of("target/vosk/assets/model-en-us"),
                Math.round(recycle * 16_000))) {
            long rssModel = ProcessStats.rssBytes();
            TranscriberSession[] sessions = new TranscriberSession[n];
            for (int i = 0; i < n; i++) {
                sessions[i] = vosk.open("s" + i, 0);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "recognisers %d, recycle %.0f s: RSS MB model %.0f, %d opened %.0f", n, recycle,
                    (rssModel - rss0) / 1048576.0, n, ProcessStats.rssBytes() / 1048576.0));
            long cpu0 = cpu();
            int words = 0;
            for (int b = 0; b < blocks; b++) {
                float[][] audio = new float[n][];
                for (int i = 0; i < n; i++) {
                    audio[i] = SpeechCorpus.readRaw(dir.resolve(String.format("stream-%02d.f32", (i + b * n) % files)));
                }
                int len = Math.min(audio[0].length, 30 * 16_000);
                for (int o = 0; o + 1600 <= len; o += 1600) {
                    for (int i = 0; i < n; i++) {
                        words += sessions[i].accept(audio[i], o, 1600).stream().filter(t -> t.isFinal())
                                .mapToInt(t -> t.words().size()).sum();
                    }
                }
                line.append(String.format(Locale.ROOT, " | %ds %.0f", (b + 1) * 30, ProcessStats.rssBytes() / 1048576.0));
            }
            double cpu = (cpu() - cpu0) / 1e9;
            line.append(String.format(Locale.ROOT, " | peak %.0f MB; CPU %.1f s (%.3f s per audio s); %d final words",
                    ProcessStats.peakRssBytes() / 1048576.0, cpu, cpu / (n * blocks * 30.0), words));
            for (TranscriberSession s : sessions) {
                s.close();
            }
            System.out.println(line);
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
