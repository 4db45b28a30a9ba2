package app.herald.web;

import app.herald.store.Queries;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The UI's read-only view of campaigns: dashboard rows and the header of a campaign page. */
final class CampaignSummaries {
    private static final Queries SQL = Queries.of(CampaignSummaries.class);

    private final Jdbi jdbi;

    CampaignSummaries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<CampaignSummary> latest(int limit) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("latest")).bind("limit", limit)
                .map((rs, ctx) -> new CampaignSummary(rs.getLong("id"), rs.getString("name"), rs.getString("status"),
                        rs.getTimestamp("created_at").toInstant(), rs.getLong("sent"), rs.getLong("unique_opens"),
                        rs.getLong("unique_clicks")))
                .list());
    }

    Optional<CampaignHeader> findHeader(long id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("header")).bind("id", id)
                .map((rs, ctx) -> new CampaignHeader(rs.getLong("id"), rs.getString("name"), rs.getString("status"), rs.getString("subject"), rs.getString("from_name"),
                        rs.getString("from_email"), instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("started_at", OffsetDateTime.class)),
                        instant(rs.getObject("finished_at", OffsetDateTime.class))))
                .findOne());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
