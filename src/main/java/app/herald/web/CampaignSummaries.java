package app.herald.web;

import app.herald.store.Queries;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The dashboard's read-only view of campaigns and their counters. */
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
}
