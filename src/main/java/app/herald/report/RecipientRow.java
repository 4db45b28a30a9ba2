package app.herald.report;

import java.time.Instant;
import java.util.Objects;

/** One line of a campaign's recipient list. */
public record RecipientRow(long messageId, String email, String status, Instant sentAt,
                           int opens, Instant firstOpenAt, Instant lastOpenAt, int clicks, Instant lastClickAt) {
    public RecipientRow {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(status, "status");
    }
}
