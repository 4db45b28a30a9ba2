package app.herald.tracelog;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recipient's summary status in a delivery report, decided from its events in time order.
 * <ul>
 * <li>Delivered: DELIVER or DUPLICATEDELIVER; SEND or SENDEXTERNAL with a 2xx reply (or none).
 * <li>Unsuccessful: FAIL, SUBMITFAIL, SUPPRESSED (not sent: unsubscribed, bounced, suppressed),
 *     BADMAIL, POISONMESSAGE, RESUBMITFAIL, MODERATORREJECT, MODERATOREXPIRE, MODERATORSALLNDR,
 *     or a SEND with a 5xx reply. A later failure (an asynchronous bounce) overrides Delivered.
 * <li>Read: an AGENTINFO with Event=Open or Event=Click (a click implies the message was open)
 *     after anything but a failure: an open proves arrival even when the delivery event has
 *     already rotated out of the log.
 * <li>Pending: anything else so far (SUBMIT, DEFER, a 4xx SEND, RESUBMIT...); RESUBMIT after a
 *     failure makes it pending again.
 * </ul>
 */
public enum DeliveryStatus {
    PENDING("Pending"), DELIVERED("Delivered"), UNSUCCESSFUL("Unsuccessful"), READ("Read");

    private static final Set<String> DELIVERED_EVENTS = Set.of("DELIVER", "DUPLICATEDELIVER");
    private static final Set<String> SENT_EVENTS = Set.of("SEND", "SENDEXTERNAL");
    private static final Set<String> FAILED_EVENTS = Set.of("FAIL", "SUBMITFAIL", "SUPPRESSED", "BADMAIL", "POISONMESSAGE",
            "RESUBMITFAIL", "MODERATORREJECT", "MODERATOREXPIRE", "MODERATORSALLNDR");

    private final String label;

    DeliveryStatus(String label) {
        this.label = label;
    }

    /** As shown to people and in JSON: Delivered, Pending, Unsuccessful, Read. */
    public String label() {
        return label;
    }

    /** The status after these events, which must be in time order. */
    static DeliveryStatus of(List<DeliveryReport.Event> events) {
        DeliveryStatus s = PENDING;
        for (DeliveryReport.Event e : events) {
            s = s.after(e);
        }
        return s;
    }

    private DeliveryStatus after(DeliveryReport.Event e) {
        String id = e.eventId().toUpperCase(Locale.ROOT);
        if (id.equals("AGENTINFO")) {
            String event = EventData.value(EventData.parse(e.detail()), "Event");
            boolean read = event.equalsIgnoreCase("Open") || event.equalsIgnoreCase("Click");
            return read && this != UNSUCCESSFUL ? READ : this;
        }
        if (FAILED_EVENTS.contains(id) || SENT_EVENTS.contains(id) && e.recipientStatus().startsWith("5")) {
            return this == READ ? READ : UNSUCCESSFUL;
        }
        if (DELIVERED_EVENTS.contains(id) || SENT_EVENTS.contains(id) && !e.recipientStatus().startsWith("4")) {
            return this == READ ? READ : DELIVERED;
        }
        if (id.equals("RESUBMIT") && this == UNSUCCESSFUL) {
            return PENDING;
        }
        return this;
    }
}
