package app.herald.web;

import app.herald.tracelog.DeliveryReport;
import app.herald.tracelog.DeliveryReports;
import app.herald.tracelog.ExchangeProperties;
import app.herald.tracelog.LogSearch;
import app.herald.tracelog.MalformedLine;
import app.herald.tracelog.SearchQuery;
import app.herald.tracelog.SearchResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Get-MessageTrackingLog over HTTP ({@code GET /api/tracking-log}, admins only) and delivery
 * reports ({@code GET /api/delivery-report}; a user sees only their own campaigns' messages).
 */
public final class TrackingLogApi implements Routes {
    private static final Set<String> SEARCH_PARAMS = Set.of("sender", "recipients", "message_id", "internal_message_id",
            "network_message_id", "event_id", "source", "start", "end", "subject", "reference", "result_size");
    private static final Set<String> REPORT_PARAMS = Set.of("address", "result_size");

    /** The search document: records with Exchange's property names, whether more matched, malformed lines met. */
    public record SearchJson(List<Map<String, Object>> records, boolean moreAvailable, List<MalformedLine> malformed) {
        public static SearchJson of(SearchResult r) {
            return new SearchJson(r.records().stream().map(ExchangeProperties::of).toList(), r.moreAvailable(), r.malformed());
        }
    }

    /** The delivery report document; statuses as people read them (Delivered, Pending, Unsuccessful, Read). */
    public record DeliveryReportJson(String address, List<MessageJson> messages, boolean moreAvailable, List<MalformedLine> malformed) {
        public static DeliveryReportJson of(DeliveryReport r) {
            return new DeliveryReportJson(r.address(), r.messages().stream().map(MessageJson::of).toList(), r.moreAvailable(), r.malformed());
        }
    }

    public record MessageJson(String messageId, String networkMessageId, String internalMessageId, String sender, String subject,
                              Instant firstSeen, List<RecipientJson> recipients) {
        static MessageJson of(DeliveryReport.Message m) {
            return new MessageJson(m.messageId(), m.networkMessageId(), m.internalMessageId(), m.sender(), m.subject(), m.firstSeen(),
                    m.recipients().stream().map(r -> new RecipientJson(r.address(), r.status().label(), r.events())).toList());
        }
    }

    public record RecipientJson(String address, String status, List<DeliveryReport.Event> events) {
    }

    private final LogSearch search;
    private final DeliveryReports reports;

    public TrackingLogApi(LogSearch search, DeliveryReports reports) {
        this.search = search;
        this.reports = reports;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/tracking-log", this::trackingLog);
        routes.get("/api/delivery-report", this::deliveryReport);
    }

    private void trackingLog(Context ctx) {
        if (ApiAuth.user(ctx).role() != Users.Role.ADMIN) {
            throw new ForbiddenResponse("searching the message tracking log is for admins; use /api/delivery-report for your own campaigns");
        }
        Map<String, List<String>> params = params(ctx, SEARCH_PARAMS);
        SearchQuery.Builder q = SearchQuery.builder()
                .sender(one(params, "sender"))
                .recipients(list(params, "recipients"))
                .messageId(one(params, "message_id"))
                .internalMessageId(one(params, "internal_message_id"))
                .networkMessageId(one(params, "network_message_id"))
                .eventId(one(params, "event_id"))
                .source(one(params, "source"))
                .subject(one(params, "subject"))
                .reference(one(params, "reference"));
        String start = one(params, "start");
        String end = one(params, "end");
        String size = one(params, "result_size");
        if (start != null && !start.isBlank()) {
            q.start(SearchQuery.parseTime("start", start));
        }
        if (end != null && !end.isBlank()) {
            q.end(SearchQuery.parseTime("end", end));
        }
        if (size != null && !size.isBlank()) {
            q.resultSize(SearchQuery.parseResultSize(size));
        }
        SearchQuery query = q.build();
        if (!Files.isDirectory(search.directory())) {
            // nothing has been logged yet
            ctx.json(new SearchJson(List.of(), false, List.of()));
            return;
        }
        ctx.json(SearchJson.of(search.search(query)));
    }

    private void deliveryReport(Context ctx) {
        Users.User user = ApiAuth.user(ctx);
        Map<String, List<String>> params = params(ctx, REPORT_PARAMS);
        String address = one(params, "address");
        if (address == null || address.isBlank()) {
            throw new BadRequestResponse("query parameter 'address' is required, e.g. /api/delivery-report?address=ann@example.com");
        }
        String size = one(params, "result_size");
        int limit = size == null || size.isBlank() ? SearchQuery.DEFAULT_RESULT_SIZE : SearchQuery.parseResultSize(size);
        DeliveryReports.Viewer viewer = user.role() == Users.Role.ADMIN
                ? DeliveryReports.Viewer.admin() : DeliveryReports.Viewer.owner(user.id());
        if (!Files.isDirectory(search.directory())) {
            // nothing has been logged yet
            ctx.json(new DeliveryReportJson(address.strip(), List.of(), false, List.of()));
            return;
        }
        DeliveryReport report = reports.report(address.strip(), viewer, limit);
        ctx.json(DeliveryReportJson.of(report));
    }

    private static Map<String, List<String>> params(Context ctx, Set<String> allowed) {
        Map<String, List<String>> given = ctx.queryParamMap();
        for (String name : given.keySet()) {
            if (!allowed.contains(name)) {
                throw new BadRequestResponse("unknown query parameter '" + name + "'; accepted: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return given;
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadRequestResponse("query parameter '" + name + "' is given " + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    /** Repeated and comma-separated values alike: {@code recipients=a,b&recipients=c}. */
    private static List<String> list(Map<String, List<String>> params, String name) {
        List<String> out = new ArrayList<>();
        for (String v : params.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }
}
