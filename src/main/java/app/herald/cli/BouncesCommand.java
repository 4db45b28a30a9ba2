package app.herald.cli;

import app.herald.Herald;
import app.herald.audience.Audience;
import app.herald.bounce.Bounce;
import app.herald.bounce.Bounces;
import app.herald.bounce.ReturnPath;
import app.herald.config.HeraldConfig;
import app.herald.store.Database;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bounces", description = "Received bounces, complaints and read receipts.",
        subcommands = {BouncesCommand.ListBounces.class})
final class BouncesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a subcommand: list");
    }
    @Command(name = "list", description = {"List received reports, newest first: what each said and what Herald did.",
            "With --unmatched only those that matched no message Herald sent (kept for you to look at)."})
    static final class ListBounces implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Option(names = "--unmatched", description = "only reports that matched no message")
        boolean unmatched;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "at most N reports (default 50, at most 1000)")
        int limit;

        @Override
        public Integer call() {
            HeraldConfig config = options.load();
            List<Bounce> found;
            try (Database database = Herald.openDatabase(config)) {
                // listing needs no VERP key: the return path only matters when reports are received
                found = new Bounces(database.jdbi(), new Audience(database.jdbi()), ReturnPath.fromAddress(),
                        config.bounce().softLimit(), config.bounce().softWindow()).list(unmatched, 0, limit);
            }
            print(spec.commandLine().getOut(), found);
            return 0;
        }

        static void print(PrintWriter out, List<Bounce> bounces) {
            if (bounces.isEmpty()) {
                out.println("No reports.");
            }
            for (Bounce b : bounces) {
                out.printf("#%d  %s  %s/%s  %-9s %s  message %s%n", b.id(),
                        DateTimeFormatter.ISO_INSTANT.format(b.receivedAt().truncatedTo(ChronoUnit.SECONDS)), b.source(), b.format(),
                        b.classification(), b.status().orElse("-"), b.messageId().map(String::valueOf).orElse("unmatched"));
                b.recipient().ifPresent(r -> out.printf("    recipient:  %s%n", r));
                b.diagnostic().ifPresent(d -> out.printf("    diagnostic: %s%n", d));
                b.error().ifPresent(e -> out.printf("    error:      %s%n", e));
                out.printf("    outcome:    %s%n", b.outcome());
            }
            out.flush();
        }
    }
}
