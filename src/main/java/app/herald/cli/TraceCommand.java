package app.herald.cli;

import app.herald.tracelog.LogSearch;
import app.herald.tracelog.MalformedLine;
import app.herald.tracelog.SearchQuery;
import app.herald.tracelog.SearchResult;
import app.herald.web.Json;
import app.herald.web.TrackingLogApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "trace", description = {"Search message tracking logs like Get-MessageTrackingLog: Herald's own or any directory"
        + " of Exchange 2010/2013/2016/2019 logs.", "Malformed lines are reported on stderr and skipped."})
final class TraceCommand implements Callable<Integer> {
    /** Beyond this many, malformed lines are only counted, so a wrong directory does not flood the terminal. */
    static final int MAX_MALFORMED_SHOWN = 1000;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--sender", description = "sender address (case-insensitive)")
    String sender;

    @Option(names = "--recipients", split = ",", paramLabel = "ADDRESS", description = "recipient addresses; a record matches if any of its recipients is any of these")
    List<String> recipients = new ArrayList<>();

    @Option(names = "--message-id", description = "Message-ID header, with or without <>")
    String messageId;

    @Option(names = "--internal-message-id", description = "the server's internal id (Herald: its message number)")
    String internalMessageId;

    @Option(names = "--network-message-id", description = "the id that stays with the message across servers")
    String networkMessageId;

    @Option(names = "--event-id", description = "e.g. SUBMIT, SEND, DELIVER, DEFER, FAIL, AGENTINFO")
    String eventId;

    @Option(names = "--source", description = "e.g. SMTP, STOREDRIVER, AGENT")
    String source;

    @Option(names = "--start", description = "from this time on (ISO 8601; UTC unless an offset is given; a date alone means its midnight)")
    String start;

    @Option(names = "--end", description = "before this time (exclusive; same forms as --start)")
    String end;

    @Option(names = "--subject", description = "text in the subject (case-insensitive)")
    String subject;

    @Option(names = "--reference", description = "value of the reference field")
    String reference;

    @Option(names = "--result-size", defaultValue = "1000", paramLabel = "N|unlimited", description = "most records to show (default 1000)")
    String resultSize;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = "table (Exchange's default columns), csv (every property) or json (the document GET /api/tracking-log returns)")
    String format;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "directory of tracking logs (default: Herald's own log directory)")
    Path logDir;

    @Option(names = "--no-index", description = "read every file in full and write no index beside the logs")
    boolean noIndex;

    @Override
    public Integer call() throws JsonProcessingException {
        if (!List.of("table", "csv", "json").contains(format)) {
            throw new ParameterException(spec.commandLine(), "--format must be table, csv or json, got '" + format + "'");
        }
        SearchQuery.Builder q = SearchQuery.builder().sender(sender).recipients(recipients).messageId(messageId)
                .internalMessageId(internalMessageId).networkMessageId(networkMessageId).eventId(eventId).source(source)
                .subject(subject).reference(reference).resultSize(SearchQuery.parseResultSize(resultSize));
        if (start != null) {
            q.start(SearchQuery.parseTime("--start", start));
        }
        if (end != null) {
            q.end(SearchQuery.parseTime("--end", end));
        }
        SearchQuery query = q.build();
        Path dir = logDir != null ? logDir : options.load().messageTrackingLog().path();
        SearchResult result = new LogSearch(dir, !noIndex).search(query);

        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "json" -> out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(TrackingLogApi.SearchJson.of(result)));
            case "csv" -> TraceOutput.csv(out, result.records());
            default -> TraceOutput.table(out, result.records());
        }
        out.flush();
        report(spec.commandLine().getErr(), result.malformed(), result.moreAvailable());
        return 0;
    }

    /** Malformed lines as file:line: reason, their count, and Exchange's warning when more records matched. */
    static void report(PrintWriter err, List<MalformedLine> malformed, boolean moreAvailable) {
        for (int i = 0; i < malformed.size() && i < MAX_MALFORMED_SHOWN; i++) {
            err.println(malformed.get(i));
        }
        if (!malformed.isEmpty()) {
            err.println(malformed.size() + " malformed line" + (malformed.size() == 1 ? "" : "s") + " skipped"
                    + (malformed.size() > MAX_MALFORMED_SHOWN ? " (first " + MAX_MALFORMED_SHOWN + " shown)" : ""));
        }
        if (moreAvailable) {
            err.println(SearchResult.MORE_AVAILABLE_WARNING);
        }
        err.flush();
    }
}
