package app.herald.cli;

import app.herald.tracelog.DeliveryReport;
import app.herald.tracelog.DeliveryReports;
import app.herald.tracelog.ExchangeProperties;
import app.herald.tracelog.LogSearch;
import app.herald.tracelog.SearchQuery;
import app.herald.web.Json;
import app.herald.web.TrackingLogApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delivery-report", description = "Every message sent to or from an address, per recipient its status"
        + " (Delivered, Pending, Unsuccessful, Read) and the events on its way, from the message tracking log.")
final class DeliveryReportCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "the e-mail address")
    String address;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "table (default) or json: the document GET /api/delivery-report returns")
    String format;

    @Option(names = "--result-size", defaultValue = "1000", paramLabel = "N|unlimited", description = "most messages to show (default 1000)")
    String resultSize;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "directory of tracking logs (default: Herald's own log directory)")
    Path logDir;

    @Override
    public Integer call() throws JsonProcessingException {
        if (!format.equals("table") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--format must be table or json, got '" + format + "'");
        }
        int limit = SearchQuery.parseResultSize(resultSize);
        Path dir = logDir != null ? logDir : options.load().messageTrackingLog().path();
        // The command line is the operator's: it sees every message, as an admin does in the API,
        // so it needs no database to tell who owns what.
        DeliveryReports reports = new DeliveryReports(new LogSearch(dir), (user, ids) -> java.util.Set.of());
        DeliveryReport report = reports.report(address, DeliveryReports.Viewer.admin(), limit);
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(TrackingLogApi.DeliveryReportJson.of(report)));
        } else {
            printTable(out, report);
        }
        out.flush();
        TraceCommand.report(spec.commandLine().getErr(), report.malformed(), report.moreAvailable());
        return 0;
    }

    static void printTable(PrintWriter out, DeliveryReport r) {
        out.printf("Delivery report for %s: %d message%s%n", r.address(), r.messages().size(), r.messages().size() == 1 ? "" : "s");
        for (DeliveryReport.Message m : r.messages()) {
            out.printf("%n%s  %s%n  From: %s%n  Subject: %s%n", ExchangeProperties.timestamp(m.firstSeen()), m.messageId(), m.sender(), m.subject());
            for (DeliveryReport.Recipient rc : m.recipients()) {
                out.printf("  To: %s  %s%n", rc.address(), rc.status().label());
                for (DeliveryReport.Event e : rc.events()) {
                    out.printf("    %s  %-12s %-12s %s%n", ExchangeProperties.timestamp(e.timestamp()), e.eventId(), e.source(),
                            e.recipientStatus().isEmpty() ? e.detail() : e.recipientStatus());
                }
            }
        }
    }
}
