package app.herald.cli;

import app.herald.Herald;
import app.herald.privacy.PersonalData;
import app.herald.store.Database;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "contact", description = "A person's data: export it (access request) or erase it (erasure request).",
        subcommands = {ContactCommand.Export.class, ContactCommand.Erase.class})
final class ContactCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a subcommand: export or erase");
    }

    @Command(name = "export", description = "Print everything Herald holds on EMAIL as JSON.")
    static final class Export implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() {
            String json;
            try (Database database = Herald.openDatabase(options.load())) {
                json = new PersonalData(database.jdbi()).export(email);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(json);
            out.flush();
            return 0;
        }
    }

    @Command(name = "erase", description = {"Delete the contact EMAIL, its messages, tracking events and bounces;",
            "a keyed hash of the address stays on the suppression list so it is never mailed again.",
            "This cannot be undone."})
    static final class Erase implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "EMAIL")
        String email;

        @Option(names = "--yes", description = "do not ask; needed when not run from a terminal")
        boolean yes;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!yes) {
                if (System.console() == null) {
                    throw new ParameterException(spec.commandLine(), "erasure cannot be undone: add --yes to confirm");
                }
                String answer = System.console().readLine("Erase everything Herald holds on %s? This cannot be undone. [y/N] ", email);
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                    out.println("Nothing erased.");
                    out.flush();
                    return 1;
                }
            }
            PersonalData.Erased erased;
            try (Database database = Herald.openDatabase(options.load())) {
                erased = new PersonalData(database.jdbi()).erase(email);
            }
            out.printf("Erased: contact %s, %d messages, %d tracking events, %d bounces; the address is on the suppression list as a keyed hash.%n",
                    erased.contact() ? "deleted" : "not found", erased.messages(), erased.trackingEvents(), erased.bounces());
            out.println("Message tracking log files still name the address until they reach message_tracking_log.max_age (see docs/tracking-and-privacy.md).");
            out.flush();
            return 0;
        }
    }
}
