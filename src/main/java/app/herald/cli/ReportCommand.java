package app.herald.cli;

import app.herald.Herald;
import app.herald.report.CampaignReport;
import app.herald.report.Reports;
import app.herald.store.Database;
import app.herald.web.Json;
import app.herald.web.ReportApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", description = "Print a campaign's numbers: sent, opens, clicks, unsubscribes, and its links.")
final class ReportCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CAMPAIGN_ID", description = "the campaign's id")
    long campaignId;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table (default) or json: the same document as GET /api/campaigns/{id}/report")
    String format;

    @Override
    public Integer call() throws JsonProcessingException {
        if (!format.equals("table") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--format must be table or json, got '" + format + "'");
        }
        CampaignReport report;
        try (Database database = Herald.openDatabase(options.load())) {
            report = new Reports(database.jdbi()).campaignReport(campaignId);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ReportApi.ReportJson.of(report)));
        } else {
            printTable(out, report);
        }
        out.flush();
        return 0;
    }

    static void printTable(PrintWriter out, CampaignReport r) {
        out.printf("Campaign %d: %s (%s)%n%n", r.campaignId(), r.name(), r.status());
        out.printf("%-14s %10d%n", "Recipients", r.recipients());
        out.printf("%-14s %10d%n", "Sent", r.sent());
        out.printf("%-14s %10d%n", "Failed", r.failed());
        out.printf("%-14s %10d   unique %d, open rate %s%n", "Opens", r.opens(), r.uniqueOpens(), percent(r.openRate()));
        out.printf("%-14s %10d   unique %d, click rate %s%n", "Clicks", r.clicks(), r.uniqueClicks(), percent(r.clickRate()));
        out.printf("%-14s %10d%n", "Unsubscribes", r.unsubscribes());
        CampaignReport.Human human = r.human();
        out.printf("%n%-14s %10d   unique %d, open rate %s%n", "Human opens", human.opens(), human.uniqueOpens(), percent(human.openRate()));
        out.printf("%-14s %10d   unique %d, click rate %s%n", "Human clicks", human.clicks(), human.uniqueClicks(), percent(human.clickRate()));
        out.printf("%-14s %10d   clicks %d%n", "Machine opens", r.machine().opens(), r.machine().clicks());
        if (r.links().isEmpty()) {
            return;
        }
        out.printf("%n%10s %10s  %s%n", "Clicks", "Unique", "Link");
        for (CampaignReport.LinkReport l : r.links()) {
            out.printf("%10d %10d  %s%n", l.clicks(), l.uniqueClicks(), l.url());
        }
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }
}
