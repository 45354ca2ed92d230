package emostream.cli;

import emostream.config.Config;
import emostream.data.Corpora;
import emostream.data.Dataset;
import emostream.data.DatasetException;
import emostream.data.LabelMap;
import emostream.data.Skipped;
import emostream.data.Split;
import emostream.data.Splits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lists what the corpus loaders find: counts per label and speaker, what was skipped and why, the splits. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = {"Load corpora and print what they hold: items per label, speakers, skipped items and why.",
                "Without arguments: every known corpus found under data.root."},
        footer = {"", "Corpora and their layouts:", "%n${emostream.corpora}"})
final class DatasetsCommand implements java.util.concurrent.Callable<Integer> {

    static {
        System.setProperty("emostream.corpora", Corpora.describe());
    }

    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "CORPUS", description = "name or name=path, e.g. emodb, manifest=my/clips.csv")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--check-audio", description = "Read every audio file's header; unreadable files count as skipped.")
    boolean checkAudio;

    @Option(names = "--skipped", description = "List every skipped item with its reason.")
    boolean listSkipped;

    @Option(names = "--splits", description = "Show the split data.split makes of each corpus.")
    boolean splits;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Config config = options.load();
        Path root = Corpora.dataRoot(config);
        LabelMap labels = LabelMap.fromConfig(config);
        PrintWriter out = spec.commandLine().getOut();
        List<String> wanted = corpora;
        boolean explicit = !wanted.isEmpty();
        if (!explicit) {
            wanted = Corpora.names().stream().filter(n -> !n.equals("manifest")).toList();
            out.println("data.root = " + root);
        }
        int loaded = 0;
        for (String spec : wanted) {
            String name = spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : spec;
            Corpora.loader(name);  // unknown names fail before any loading
            if (!explicit && !Files.exists(Corpora.defaultRoot(name, root))) {
                out.println(name + ": not found (" + Corpora.defaultRoot(name, root) + ")");
                continue;
            }
            Dataset d;
            try {
                d = Corpora.load(spec, root, labels);
            } catch (DatasetException e) {
                if (explicit) {
                    throw e;
                }
                out.println(e.getMessage());
                continue;
            }
            if (checkAudio) {
                d = d.checkAudio();
            }
            loaded++;
            out.println(d.summary());
            if (listSkipped) {
                for (Skipped s : d.skipped()) {
                    out.println("  skipped " + s);
                }
            } else {
                List<Map.Entry<String, Integer>> reasons = List.copyOf(d.skipReasons().entrySet());
                for (Map.Entry<String, Integer> r : reasons.subList(0, Math.min(10, reasons.size()))) {
                    out.println("  skipped " + r.getValue() + ": " + r.getKey());
                }
                if (reasons.size() > 10) {
                    out.println("  ... " + (reasons.size() - 10) + " more reasons (--skipped lists every item)");
                }
            }
            if (splits && d.size() > 0) {
                try {
                    for (Split s : Splits.fromConfig(d.items(), config)) {
                        out.println("  " + s.describe());
                    }
                } catch (RuntimeException e) {
                    out.println("  no " + config.string("data.split") + " split: " + e.getMessage());
                }
            }
        }
        out.flush();
        if (loaded == 0) {
            throw new UserException("no corpus found under " + root + " (set data.root or name one as name=path)");
        }
        return 0;
    }
}
