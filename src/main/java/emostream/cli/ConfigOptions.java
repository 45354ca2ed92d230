package emostream.cli;

import emostream.config.Config;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --config FILE} and {@code --set key=value}, shared by every command (a picocli mixin). */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file overriding config/emostream.properties.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable), e.g. --set window.hop.seconds=0.25")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Loads the layered config; {@code extra} (from a command's own flags) wins over everything. */
    public Config load(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(extra);
        return Config.load(file, System.getenv(), all);
    }

    public Config load() {
        return load(Map.of());
    }
}
