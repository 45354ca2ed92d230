package emostream.cli;

import emostream.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;

/** Prints the effective settings after defaults, file, environment and flags are applied. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration (defaults < --config file < EMOSTREAM_* environment < --set).")
final class ConfigCommand implements Runnable {

    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        Config config = options.load();
        for (Map.Entry<String, String> e : config.asMap().entrySet()) {
            System.out.println(e.getKey() + " = " + e.getValue());
        }
    }
}
