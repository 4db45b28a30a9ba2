package app.herald.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One recipient's message in a campaign: delivery status, open and click counters (all hits, and
 * those judged the person's), and its tracking events in time order (at most {@link Reports#MAX_EVENTS}).
 * Times are null when the thing has not happened; {@code readConfirmedAt} is when a read receipt
 * (MDN "displayed") came; {@code trackingConsent} is the contact's consent to tracking now (on, off,
 * unknown; null when the message has no contact, as a test send to a stranger).
 */
public record RecipientReport(long messageId, String email, String kind, String status, String smtpReply, Instant sentAt,
                              Instant firstOpenAt, Instant lastOpenAt, int opens,
                              Instant firstClickAt, Instant lastClickAt, int clicks,
                              List<Event> events, Instant readConfirmedAt,
                              int humanOpens, Instant firstHumanOpenAt, int humanClicks, Instant firstHumanClickAt,
                              String trackingConsent) {
    public RecipientReport {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        events = List.copyOf(Objects.requireNonNull(events, "events"));
    }

    /**
     * An open, click (with the URL clicked) or unsubscribe; ip and user agent as the request carried
     * them; the verdict ({@code human}, {@code machine} with its kind, or {@code unknown}) and the
     * evidence it rests on (method, seconds after send, agent, network, burst, click before open,
     * repeats, the deciding rule, and for a human open the mail client, device and OS).
     */
    public record Event(String kind, Instant at, String url, String ip, String userAgent,
                        String verdict, String machineKind, Map<String, Object> evidence) {
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(verdict, "verdict");
            evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        }
    }
}
