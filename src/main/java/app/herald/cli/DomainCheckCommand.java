package app.herald.cli;

import app.herald.config.HeraldConfig;
import app.herald.domain.CheckRequest;
import app.herald.domain.DomainCheck;
import app.herald.domain.DomainReport;
import app.herald.domain.RecordCheck;
import app.herald.domain.RecordStatus;
import app.herald.domain.SendingDomains;
import app.herald.store.Database;
import app.herald.web.DomainApi;
import app.herald.web.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
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

@Command(name = "check", description = {
        "Print the DNS records DOMAIN needs (SPF, DKIM, DMARC, tracking host, bounce MX) and check what is published.",
        "Exit code 0 when every record is OK, 1 otherwise. See docs/deliverability.md."})
final class DomainCheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "DOMAIN", description = "the domain in the From address, e.g. news.example.com")
    String domain;
    @Option(names = "--resolver", paramLabel = "HOST:PORT", description = "DNS server to ask (default: dns.resolver, else /etc/resolv.conf)")
    String resolver;
    @Option(names = "--tracking-host", paramLabel = "HOST", description = "branded tracking host that should be a CNAME of public_url's host")
    String trackingHost;
    @Option(names = "--bounce-domain", paramLabel = "DOMAIN", description = "domain of the VERP return path; needs an MX to Herald's bounce listener")
    String bounceDomain;
    @Option(names = "--bounce-mx", paramLabel = "HOST", description = "host of the bounce listener (default: public_url's host)")
    String bounceMx;
    @Option(names = "--spf", paramLabel = "MECHANISM", description = "SPF mechanism your mail needs, e.g. ip4:203.0.113.5 or include:_spf.provider.example "
            + "(repeatable; default: one for smtp.host)")
    List<String> spf = new ArrayList<>();
    @Option(names = "--dmarc-rua", paramLabel = "ADDRESS", description = "address for DMARC aggregate reports (default: dmarc-reports@DOMAIN)")
    String dmarcRua;
    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table (default) or json: the same document as GET /api/domains/{domain}/check")
    String format;

    @Override
    public Integer call() throws JsonProcessingException {
        if (!format.equals("table") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--format must be table or json, got '" + format + "'");
        }
        Optional<InetSocketAddress> server;
        try {
            server = Optional.ofNullable(resolver).map(r -> HeraldConfig.hostPort(r, 53));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--resolver '" + resolver + "': " + e.getMessage());
        }
        HeraldConfig config = options.load();
        CheckRequest request = new CheckRequest(domain, Optional.ofNullable(trackingHost), Optional.ofNullable(bounceDomain),
                Optional.ofNullable(bounceMx), spf, Optional.ofNullable(dmarcRua));
        DomainReport report;
        try (Database database = app.herald.Herald.openDatabase(config)) {
            report = new DomainCheck(new SendingDomains(database.jdbi()), config, server).check(request);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(DomainApi.CheckJson.of(report)));
        } else {
            print(out, report);
        }
        out.flush();
        return report.ok() ? 0 : 1;
    }

    static void print(PrintWriter out, DomainReport report) {
        out.printf("DNS records of %s, as DNS server %s answers%n%n", report.domain(), report.resolver());
        for (RecordCheck r : report.records()) {
            out.printf("%-10s %-8s %-5s %s%n", r.status(), r.purpose(), r.type(), r.name());
            if (r.status() != RecordStatus.OK) {
                out.printf("%11s publish:   %s%n", "", r.zoneLine());
            }
            if (r.status() == RecordStatus.DIFFERENT) {
                r.published().forEach(p -> out.printf("%11s published: %s%n", "", p));
            }
            if (!r.note().isEmpty()) {
                out.printf("%11s %s%n", "", r.note());
            }
        }
        long bad = report.records().stream().filter(r -> r.status() != RecordStatus.OK).count();
        out.println();
        out.println(bad == 0 ? "Every record is published as expected."
                : bad + " of " + report.records().size() + " records need attention (DNS changes can take up to the record's TTL to show).");
        out.println("""

                SPF names the servers that may send as the domain; end it with -all once every sender is listed (~all only while
                you are still finding them). DKIM lets receivers verify that the mail is unchanged and really from the domain.
                DMARC tells them what to do when both fail: start with p=none and read the reports, then move to p=quarantine
                and p=reject. Details: docs/deliverability.md""");
    }
}
