package app.herald.tracelog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every message sent to or from one address, as the tracking log tells it: per message its
 * recipients (all of them when the address sent it, only the address when it received it), each
 * with a summary status and the events that led there.
 */
public record DeliveryReport(String address, List<Message> messages, boolean moreAvailable, List<MalformedLine> malformed) {
    public DeliveryReport {
        Objects.requireNonNull(address, "address");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        malformed = List.copyOf(Objects.requireNonNull(malformed, "malformed"));
    }

    /** One message, identified as the log identifies it. {@code firstSeen} is its earliest event. */
    public record Message(String messageId, String networkMessageId, String internalMessageId, String sender, String subject,
                          Instant firstSeen, List<Recipient> recipients) {
        public Message {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(networkMessageId, "networkMessageId");
            Objects.requireNonNull(internalMessageId, "internalMessageId");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(firstSeen, "firstSeen");
            recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        }
    }

    public record Recipient(String address, DeliveryStatus status, List<Event> events) {
        public Recipient {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(status, "status");
            events = List.copyOf(Objects.requireNonNull(events, "events"));
        }
    }

    /**
     * One step on a recipient's path. {@code recipientStatus} is the SMTP reply for this recipient
     * (SEND, DEFER, FAIL); {@code detail} is the event's custom data (opens, clicks, suppression
     * reasons) or else its source context.
     */
    public record Event(Instant timestamp, String eventId, String source, String recipientStatus, String detail) {
        public Event {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(recipientStatus, "recipientStatus");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
