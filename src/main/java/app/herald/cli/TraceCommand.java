package app.herald.cli;

import app.herald.tracelog.LogRecord;
import app.herald.tracelog.LogSearch;
import app.herald.tracelog.MalformedLine;
import app.herald.tracelog.SearchQuery;
import app.herald.tracelog.SearchResult;
import app.herald.web.Json;
import app.herald.web.TrackingLogApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import app.herald.HeraldException;
import app.herald.config.HeraldConfig;
import app.herald.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "trace", description = {"Search message tracking logs like Get-MessageTrackingLog: Herald's own or any directory"
        + " of Exchange 2010/2013/2016/2019 logs.", "Malformed lines are reported on stderr and skipped."})
final class TraceCommand implements Callable<Integer> {
    /** Beyond this many, malformed lines are only counted, so a wrong directory does not flood the terminal. */
    static final int MAX_MALFORMED_SHOWN = 1000;

    @Mixin
    ConfigOptions options = new ConfigOptions();

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
    String resultSize = "1000";

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = "table (Exchange's default columns), csv (every property) or json (the document GET /api/tracking-log returns)")
    String format = "table";

    @Option(names = "--log-dir", paramLabel = "DIR", description = "directory of tracking logs (default: Herald's own log directory)")
    Path logDir;

    @Option(names = "--no-index", description = "read every file in full and write no index beside the logs")
    boolean noIndex;

    @Override
    public Integer call() throws JsonProcessingException {
        // Not picocli's ParameterException: verifying this class would load it, the only class of a
        // search that the launcher's AOT cache cannot hold, from the jar; reading the jar's
        // directory of 20,000 entries took a cold JVM 17-45 ms here.
        if (!FORMATS.contains(format)) {
            throw new InvalidInputException("--format must be table, csv or json, got '" + format + "'");
        }
        return search(spec.commandLine().getOut(), null, spec.commandLine().getErr());
    }

    private static final List<String> FORMATS = List.of("table", "csv", "json");

    /**
     * Asks the running Herald when there is one ({@link TraceServer}), else searches here.
     * {@code bytes}: the stream under {@code out}, for CSV written as bytes, or null when there is only the writer.
     */
    private int search(PrintWriter out, PrintStream bytes, PrintWriter err) throws JsonProcessingException {
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
        Optional<HeraldConfig> config = config();
        Path dir = (logDir != null ? logDir : config.orElseThrow().messageTrackingLog().path()).toAbsolutePath().normalize();
        if (config.isPresent()) {
            Charset charset = bytes != null ? bytes.charset() : StandardCharsets.UTF_8;
            Optional<Integer> answered = TraceServer.ask(TraceServer.socket(config.get().dataDir()),
                    new TraceServer.Question(dir, noIndex, format, charset, query), out, bytes, err);
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        return print(new LogSearch(dir, !noIndex).search(query), format, out, bytes, err);
    }

    /**
     * The configuration, which says where Herald's own logs and its socket are. With --log-dir a
     * configuration that does not load only means the search runs here: a directory of logs can be
     * searched on any machine.
     */
    private Optional<HeraldConfig> config() {
        try {
            return Optional.of(options.load());
        } catch (HeraldException e) {
            if (logDir == null) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** Prints a result as {@code format} (and its malformed lines and warning on {@code err}); the exit code. */
    static int print(SearchResult result, String format, PrintWriter out, PrintStream bytes, PrintWriter err)
            throws JsonProcessingException {
        switch (format) {
            case "json" -> out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(TrackingLogApi.SearchJson.of(result)));
            case "csv" -> csv(out, bytes, result.records());
            default -> TraceOutput.table(out, result.records());
        }
        out.flush();
        report(err, result.malformed(), result.moreAvailable());
        return 0;
    }

    private static void csv(PrintWriter out, PrintStream bytes, List<LogRecord> records) {
        try {
            if (bytes != null) {
                out.flush();
                TraceOutput.csv(bytes, bytes.charset(), records);
            } else {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                TraceOutput.csv(b, StandardCharsets.UTF_8, records);
                out.print(b.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // PrintStream and ByteArrayOutputStream do not throw
        }
    }

    /**
     * Runs {@code herald trace ARGS} without picocli when the arguments are plain, else returns
     * empty. Building picocli's model of even this one command costs more CPU than an indexed
     * search (0.3 to 0.5 s here), and an admin starts a JVM per question. Only the options above in
     * their plain forms ({@code --name value} or {@code --name=value}, each at most once but
     * {@code --recipients} and {@code --set}) are read; anything else (--help, an unknown option, a
     * repeated one, a value that is an option name, a bad --format) is left to picocli, which
     * then parses the command as usual, with its own usage and error messages.
     */
    static Optional<Integer> runDirect(List<String> args) {
        Optional<TraceCommand> parsed = parseDirect(args);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
        try {
            return Optional.of(parsed.get().search(out, System.out, err));
        } catch (HeraldException e) {
            err.println("herald: " + e.getMessage());
            err.flush();
            return Optional.of(2);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the search result as JSON", e);
        }
    }

    /** The options {@link #parseDirect} reads besides --no-index: every option of the command and of its config mixin. */
    static final Set<String> VALUED = Set.of("--sender", "--recipients", "--message-id", "--internal-message-id",
            "--network-message-id", "--event-id", "--source", "--start", "--end", "--subject", "--reference", "--result-size",
            "--format", "--log-dir", "-c", "--config", "--set");

    static Optional<TraceCommand> parseDirect(List<String> args) {
        TraceCommand t = new TraceCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (name.equals("--no-index") && eq < 0) {
                if (!seen.add(name)) {
                    return Optional.empty();
                }
                t.noIndex = true;
                continue;
            }
            if (!VALUED.contains(name)) {
                return Optional.empty();
            }
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                return Optional.empty();
            }
            boolean repeatable = name.equals("--recipients") || name.equals("--set");
            if (VALUED.contains(value) || value.equals("--no-index") || (!repeatable && !seen.add(name.equals("-c") ? "--config" : name))
                    || !set(t, name, value)) {
                return Optional.empty();
            }
        }
        return FORMATS.contains(t.format) ? Optional.of(t) : Optional.empty();
    }

    private static boolean set(TraceCommand t, String name, String v) {
        try {
            switch (name) {
                case "--sender" -> t.sender = v;
                case "--recipients" -> t.recipients.addAll(List.of(v.split(",")));
                case "--message-id" -> t.messageId = v;
                case "--internal-message-id" -> t.internalMessageId = v;
                case "--network-message-id" -> t.networkMessageId = v;
                case "--event-id" -> t.eventId = v;
                case "--source" -> t.source = v;
                case "--start" -> t.start = v;
                case "--end" -> t.end = v;
                case "--subject" -> t.subject = v;
                case "--reference" -> t.reference = v;
                case "--result-size" -> t.resultSize = v;
                case "--format" -> t.format = v;
                case "--log-dir" -> t.logDir = Path.of(v);
                case "-c", "--config" -> t.options.configFile = Path.of(v);
                default -> {
                    int kv = v.indexOf('=');
                    if (kv <= 0) {
                        return false;
                    }
                    t.options.overrides.put(v.substring(0, kv), v.substring(kv + 1));
                }
            }
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
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
