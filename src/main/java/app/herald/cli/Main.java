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
        System.exit(run(args));
    }

    static int run(String... args) {
        if (args.length > 0 && args[0].equals("trace")) {
            // the search an admin runs per question starts without picocli when it can (see TraceCommand.runDirect)
            Optional<Integer> exit = TraceCommand.runDirect(Arrays.asList(args).subList(1, args.length));
            if (exit.isPresent()) {
                return exit.get();
            }
        }
        CommandLine cli = new CommandLine(new Main());
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
}
