package app.herald.cli;

import app.herald.HeraldException;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `herald` command line. */
@Command(name = "herald", mixinStandardHelpOptions = true, version = "Herald 0.1",
        description = "Self-hosted e-mail campaigns with delivery, open and click tracking.",
        subcommands = {DemoCommand.class, ServeCommand.class, ImportCommand.class, ReportCommand.class,
                DomainCommand.class, BouncesCommand.class, SuppressionCommand.class, TraceCommand.class,
                DeliveryReportCommand.class, ContactCommand.class, ProgressCommand.class})
public final class Main {
    public static void main(String[] args) {
        Optional<Integer> direct = runDirect(args);
        if (direct.isPresent() && direct.get() == 0) {
            // A search leaves no thread behind, so the JVM ends when main returns. System.exit would
            // log the exit through System.Logger, whose lookup of a logging backend on the class path
            // opened the 114 MB jar and read its directory of 20,000 entries, interpreted (the only
            // time a search opened the jar at all).
            return;
        }
        System.exit(direct.isPresent() ? direct.get() : runCommand(args));
    }

    static int run(String... args) {
        return runDirect(args).orElseGet(() -> runCommand(args));
    }

    /** The search an admin runs per question starts without picocli when it can (see TraceCommand.runDirect). */
    private static Optional<Integer> runDirect(String... args) {
        if (args.length > 0 && args[0].equals("trace")) {
            return TraceCommand.runDirect(Arrays.asList(args).subList(1, args.length));
        }
        return Optional.empty();
    }

    private static int runCommand(String... args) {
        CommandLine cli = new CommandLine(new Main());
        addHelpOption(cli);
        // Herald's own errors are for the operator: print the message, not a stack trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof HeraldException) {
                cmd.getErr().println("herald: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** -h / --help on every subcommand, at any depth ({@code herald domain add --help}); the top level has its own. */
    private static void addHelpOption(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            sub.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
            addHelpOption(sub);
        }
    }
}
