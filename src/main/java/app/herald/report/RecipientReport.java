package app.herald.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recipient's message in a campaign: delivery status, open and click counters, and its
 * tracking events in time order (at most {@link Reports#MAX_EVENTS}). Times are null when the
 * thing has not happened; {@code readConfirmedAt} is when a read receipt (MDN "displayed") came.
 */
public record RecipientReport(long messageId, String email, String kind, String status, String smtpReply, Instant sentAt,
                              Instant firstOpenAt, Instant lastOpenAt, int opens,
                              Instant firstClickAt, Instant lastClickAt, int clicks,
                              List<Event> events, Instant readConfirmedAt) {
    public RecipientReport {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        events = List.copyOf(Objects.requireNonNull(events, "events"));
    }

    /** An open, click (with the URL clicked) or unsubscribe; ip and user agent as the request carried them. */
    public record Event(String kind, Instant at, String url, String ip, String userAgent) {
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
        }
    }
}
