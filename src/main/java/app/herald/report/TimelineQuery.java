package app.herald.report;

import app.herald.store.Queries;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Reads the per-minute activity counters of one campaign and regroups them into chart buckets. */
final class TimelineQuery {
    private static final Duration MINUTES_UP_TO = Duration.ofHours(6);
    private static final Duration HOURS_UP_TO = Duration.ofDays(14);

    private record Span(Instant first, Instant last) {
    }

    private TimelineQuery() {
    }

    static Timeline run(Handle h, Queries sql, long campaignId) {
        Span span = h.createQuery(sql.get("activity-span")).bind("campaign_id", campaignId)
                .map((rs, ctx) -> new Span(Reports.instant(rs, "first"), Reports.instant(rs, "last")))
                .one();
        if (span.first() == null) {
            return new Timeline(campaignId, "minute", List.of());
        }
        ChronoUnit unit = unit(Duration.between(span.first(), span.last()));
        String name = switch (unit) {
            case MINUTES -> "minute";
            case HOURS -> "hour";
            default -> "day";
        };
        Map<Instant, long[]> counts = new HashMap<>();
        h.createQuery(sql.get("activity")).bind("campaign_id", campaignId).bind("unit", name)
                .map((rs, ctx) -> Map.entry(Reports.instant(rs, "start"), new long[] {rs.getLong("opens"), rs.getLong("clicks")}))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        List<Timeline.Point> points = new ArrayList<>();
        Instant end = span.last().truncatedTo(unit);
        for (Instant t = span.first().truncatedTo(unit); !t.isAfter(end); t = t.plus(1, unit)) {
            long[] c = counts.getOrDefault(t, new long[2]);
            points.add(new Timeline.Point(t, c[0], c[1]));
        }
        return new Timeline(campaignId, name, points);
    }

    private static ChronoUnit unit(Duration span) {
        if (span.compareTo(MINUTES_UP_TO) <= 0) {
            return ChronoUnit.MINUTES;
        }
        return span.compareTo(HOURS_UP_TO) <= 0 ? ChronoUnit.HOURS : ChronoUnit.DAYS;
    }
}
