package app.herald.web;

import java.time.Instant;
import java.util.Objects;

/**
 * What a campaign page shows above its numbers. Start and finish are null until they happen.
 * Public because templates read it.
 */
public record CampaignHeader(long id, String name, String status, String subject, String fromName, String fromEmail, Instant createdAt,
                             Instant startedAt, Instant finishedAt) {
    public CampaignHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(fromName, "fromName");
        Objects.requireNonNull(fromEmail, "fromEmail");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
