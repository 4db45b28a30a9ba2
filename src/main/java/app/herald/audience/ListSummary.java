package app.herald.audience;

import java.time.Instant;
import java.util.Objects;

/** A list with its number of members and how many of them are active (mailable). */
public record ListSummary(long id, String name, Instant createdAt, long members, long active) {
    public ListSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
