package app.herald.audience;

import java.time.Instant;
import java.util.Objects;

/**
 * A list with its number of members and how many of them are active (mailable), and what an unknown
 * tracking consent means for its members: "on", "off", or null for the tracking.consent_default setting
 * (null rather than Optional: the record is the API's JSON as it is).
 */
public record ListSummary(long id, String name, Instant createdAt, long members, long active, String trackingConsentDefault) {
    public ListSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
