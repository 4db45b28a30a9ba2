package app.herald.cli;

import app.herald.Herald;
import app.herald.domain.DkimAlgorithm;
import app.herald.domain.DkimKey;
import app.herald.domain.DomainNames;
import app.herald.domain.KeyStatus;
import app.herald.domain.RecordCheck;
import app.herald.domain.SendingDomains;
import app.herald.store.Database;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald domain ...}: sending domains, their DKIM keys and DNS records. */
@Command(name = "domain", description = "Sending domains: DKIM keys (add, activate, retire, remove, list) and the DNS check.",
        subcommands = {DomainCommand.Add.class, DomainCommand.Activate.class, DomainCommand.Retire.class,
                DomainCommand.Remove.class, DomainCommand.ListKeys.class, DomainCheckCommand.class})
final class DomainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "choose one of: add, activate, retire, remove, list, check");
    }

    /** Runs {@code action} with the sending domains of the configured database. */
    static <T> T withDomains(ConfigOptions options, Function<SendingDomains, T> action) {
        try (Database database = Herald.openDatabase(options.load())) {
            return action.apply(new SendingDomains(database.jdbi()));
        }
    }

    static void printKeys(PrintWriter out, List<DkimKey> keys) {
        for (DkimKey k : keys) {
            out.printf("  %-28s %-15s %-8s %s%n", k.selector(), k.algorithm().tag(), k.status().name().toLowerCase(Locale.ROOT),
                    k.createdAt().toString().substring(0, 10));
        }
    }

    @Command(name = "add", description = {
            "Generate DKIM keys for a sending domain (RSA-2048 and Ed25519 unless one is chosen) and print the DNS records to publish.",
            "The private keys are kept in Herald's database. A domain's first key of an algorithm signs at once;",
            "a later one is pending until you publish its record and run 'herald domain activate'."})
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DOMAIN", description = "the domain in the From address, e.g. news.example.com")
        String domain;
        @Option(names = "--selector", paramLabel = "SELECTOR", description = "DKIM selector (default: herald + year and month, e.g. herald202604); "
                + "with both algorithms, -rsa and -ed25519 are appended")
        String selector;
        @Option(names = "--rsa", description = "an RSA-2048 key (every receiver verifies these)")
        boolean rsa;
        @Option(names = "--ed25519", description = "an Ed25519 key (RFC 8463; smaller and faster, not yet verified everywhere)")
        boolean ed25519;

        @Override
        public Integer call() {
            String d = DomainNames.domain(domain, "domain");
            String s = DomainNames.selector(selector == null ? SendingDomains.defaultSelector(LocalDate.now(ZoneOffset.UTC)) : selector);
            Set<DkimAlgorithm> algorithms = EnumSet.noneOf(DkimAlgorithm.class);
            if (rsa || !ed25519) {
                algorithms.add(DkimAlgorithm.RSA_SHA256);
            }
            if (ed25519 || !rsa) {
                algorithms.add(DkimAlgorithm.ED25519_SHA256);
            }
            List<DkimKey> keys = withDomains(options, domains -> domains.addKeys(d, s, algorithms));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("New DKIM keys of %s:%n", d);
            printKeys(out, keys);
            out.printf("%nPublish these DNS records (zone file syntax; long TXT data is split into strings of 255 characters):%n");
            keys.forEach(k -> out.println(RecordCheck.zoneLine(k.dnsName(), "TXT", k.dnsRecord())));
            out.println();
            for (DkimKey k : keys) {
                if (k.status() == KeyStatus.PENDING) {
                    out.printf("%s is pending: the current %s key keeps signing until you run%n  herald domain activate %s --selector %s%n"
                            + "once 'herald domain check %s' shows its record OK.%n", k.selector(), k.algorithm().keyType(), d, k.selector(), d);
                }
            }
            out.printf("Then check every record with: herald domain check %s%n", d);
            out.flush();
            return 0;
        }
    }

    /** Activate and retire: one key of a domain changes status, then the domain's keys are listed. */
    abstract static class KeyStatusChange implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DOMAIN")
        String domain;
        @Option(names = "--selector", required = true, paramLabel = "SELECTOR")
        String selector;

        abstract void change(SendingDomains domains, String domain, String selector);

        abstract void explain(PrintWriter out, String domain, String selector);

        @Override
        public Integer call() {
            String d = DomainNames.domain(domain, "domain");
            String s = DomainNames.selector(selector);
            List<DkimKey> keys = withDomains(options, domains -> {
                change(domains, d, s);
                return domains.keys(d);
            });
            PrintWriter out = spec.commandLine().getOut();
            explain(out, d, s);
            printKeys(out, keys);
            out.flush();
            return 0;
        }
    }

    @Command(name = "activate", description = "Sign with this key from now on; the key of the same algorithm it replaces is retired.")
    static final class Activate extends KeyStatusChange {
        @Override
        void change(SendingDomains domains, String domain, String selector) {
            domains.activate(domain, selector);
        }

        @Override
        void explain(PrintWriter out, String domain, String selector) {
            out.printf("%s signs mail from %s now (nodes pick it up within a minute). Keys:%n", selector, domain);
            out.println("Keep the records of retired keys published for a few days: mail in transit is verified with them.");
        }
    }

    @Command(name = "retire", description = "Stop signing with this key (its DNS record may stay a few days for mail in transit).")
    static final class Retire extends KeyStatusChange {
        @Override
        void change(SendingDomains domains, String domain, String selector) {
            domains.retire(domain, selector);
        }

        @Override
        void explain(PrintWriter out, String domain, String selector) {
            out.printf("%s no longer signs mail from %s. Keys:%n", selector, domain);
        }
    }

    @Command(name = "remove", description = "Delete a sending domain and all its keys; its mail goes out unsigned afterwards.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DOMAIN")
        String domain;
        @Option(names = "--yes", description = "confirm: the private keys cannot be recovered")
        boolean yes;

        @Override
        public Integer call() {
            String d = DomainNames.domain(domain, "domain");
            if (!yes) {
                throw new ParameterException(spec.commandLine(), "removing " + d + " deletes its private keys for good; add --yes to confirm");
            }
            withDomains(options, domains -> {
                domains.remove(d);
                return null;
            });
            spec.commandLine().getOut().printf("Removed %s and its keys; remove its DKIM records from DNS in a few days.%n", d);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List the sending domains and their keys.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            withDomains(options, domains -> {
                List<String> all = domains.domains();
                if (all.isEmpty()) {
                    out.println("No sending domains yet: add one with herald domain add DOMAIN");
                }
                for (String d : all) {
                    out.println(d);
                    printKeys(out, domains.keys(d));
                }
                return null;
            });
            out.flush();
            return 0;
        }
    }
}
