package emostream.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import emostream.fuzz.FuzzChecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the config parser: a fuzzed properties file ({@code --config}), an environment entry
 * and a {@code --set} override are layered over the defaults, then every typed getter and each part's settings
 * parser (pipeline, server, Kafka, label map) reads the result. The only exception allowed out is
 * {@link ConfigException} (the program stops with the key and the reason, in one line).
 */
class ConfigFuzzTest {

    private static final List<String> KEYS = List.copyOf(Config.defaults().asMap().keySet());
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("fuzz", ".properties");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30m")
    void layeredConfig(FuzzedDataProvider in) throws IOException {
        String key = in.pickValue(KEYS);
        String envValue = in.consumeString(40);
        String setKey = in.consumeBoolean() ? in.pickValue(KEYS) : in.consumeString(20);
        String setValue = in.consumeString(40);
        byte[] file = in.consumeRemainingAsBytes();
        Files.write(FILE, file);
        String env = Config.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        try {
            FuzzChecks.withinBound(file.length + 256, "reading the config", () -> read(env, envValue, setKey, setValue));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void read(String env, String envValue, String setKey, String setValue) {
        try {
            Config c = Config.load(FILE, Map.of(env, envValue), Map.of(setKey, setValue));
            for (String k : KEYS) {
                readEveryWay(c, k);
            }
            emostream.pipeline.PipelineSettings.from(c);
            emostream.server.ServerSettings.from(c);
            emostream.kafka.KafkaSettings.from(c);
            emostream.data.LabelMap.fromConfig(c);
        } catch (ConfigException e) {
            checkOneLine(e);
        }
    }

    private static void checkOneLine(ConfigException e) {
        String m = e.getMessage();
        if (m == null || !m.startsWith("config ")) {
            throw new AssertionError("a config error must name its key: " + m, e);
        }
    }

    private static void readEveryWay(Config c, String k) {
        c.string(k);
        c.optional(k);
        c.list(k);
        tryGet(() -> c.longValue(k, Long.MIN_VALUE, Long.MAX_VALUE));
        tryGet(() -> c.doubleValue(k, -1e300, 1e300));
        tryGet(() -> c.bool(k));
        tryGet(() -> c.choice(k, "a", "b"));
        tryGet(() -> c.path(k));
    }

    private static void tryGet(Runnable r) {
        try {
            r.run();
        } catch (ConfigException expected) {
            checkOneLine(expected);
        }
    }
}
