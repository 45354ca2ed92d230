package emostream.cli;

import emostream.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code ./run.sh <command>}: one entry point for the detector, training, evaluation and tools. */
@Command(name = "emostream",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Real-time multimodal (audio + text) speech emotion recognition.",
        subcommands = {
                ConfigCommand.class,
                RunCommand.class,
                DatasetsCommand.class,
                emostream.kafka.ProduceCommand.class,
                TrainCommand.class,
                ExportCommand.class,
                FineTuneTextCommand.class,
                EvaluateCommand.class,
                emostream.bench.BenchCommand.class,
                VadCheckCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Errors a user can fix get one line, not a stack trace; anything else is a bug and keeps its trace. */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException) {
            cl.getErr().println("error: " + e.getMessage());
            return 2;
        }
        if (e instanceof UserException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalArgumentException) {
            cl.getErr().println("error: " + e.getMessage());
            if (Boolean.getBoolean("emostream.debug")) {
                e.printStackTrace(cl.getErr());
            }
            return 1;
        }
        throw new RuntimeException(e);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"emostream " + (v == null ? "dev" : v)};
        }
    }
}
