package app.herald.cli;

import app.herald.Herald;
import app.herald.audience.Audience;
import app.herald.audience.Suppression;
import app.herald.audience.SuppressionSource;
import app.herald.store.Database;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "suppression", description = "The suppression list: addresses and domains Herald never mails.",
        subcommands = {SuppressionCommand.ListEntries.class, SuppressionCommand.Add.class, SuppressionCommand.Remove.class})
final class SuppressionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a subcommand: list, add or remove");
    }
    @Command(name = "list", description = "List entries, newest first.")
    static final class ListEntries implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Option(names = "--search", paramLabel = "TEXT", description = "only entries whose address or domain contains TEXT")
        String search;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "at most N entries (default 100, at most 1000)")
        int limit;

        @Override
        public Integer call() {
            List<Suppression> entries;
            try (Database database = Herald.openDatabase(options.load())) {
                entries = new Audience(database.jdbi()).suppressions(Optional.ofNullable(search), 0, limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (entries.isEmpty()) {
                out.println("The suppression list is empty" + (search == null ? "." : " for '" + search + "'."));
            }
            for (Suppression s : entries) {
                print(out, s);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "add", description = "Suppress an address (ana@example.com) or a whole domain (@example.com or example.com).")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ADDRESS_OR_DOMAIN")
        String entry;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why, kept with the entry")
        String reason;

        @Override
        public Integer call() {
            Suppression.Added added;
            try (Database database = Herald.openDatabase(options.load())) {
                added = new Audience(database.jdbi()).suppress(entry, reason, SuppressionSource.MANUAL);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(added.isNew() ? "Added:" : "Already suppressed (unchanged):");
            print(out, added.suppression());
            out.flush();
            return 0;
        }
    }

    @Command(name = "remove", description = {"Remove an entry by its id (see list).",
            "A contact that was out only because its address bounced becomes active again."})
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            Suppression removed;
            try (Database database = Herald.openDatabase(options.load())) {
                removed = new Audience(database.jdbi()).removeSuppression(id);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Removed:");
            print(out, removed);
            out.flush();
            return 0;
        }
    }

    static void print(PrintWriter out, Suppression s) {
        out.printf("#%d  %-40s %-9s %s  %s%n", s.id(), s.entry(), s.source().dbName(),
                DateTimeFormatter.ISO_INSTANT.format(s.createdAt().truncatedTo(ChronoUnit.SECONDS)), s.reason());
    }
}
