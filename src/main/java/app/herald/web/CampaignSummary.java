package app.herald.web;

import java.time.Instant;
import java.util.Objects;

/** One dashboard row; public because templates read it. */
public record CampaignSummary(long id, String name, String status, Instant createdAt, long sent, long uniqueOpens,
                              long uniqueClicks) {
    public CampaignSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
