package app.herald.bounce;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored bounce, complaint or read receipt, as an admin sees it. {@code messageId} is empty for
 * a report that matched no message; {@code error} says why a report could not be parsed.
 */
public record Bounce(long id, Instant receivedAt, String source, String format, Optional<String> recipient,
                     Optional<String> status, Optional<String> action, Optional<String> diagnostic,
                     Optional<String> remoteMta, String classification, String outcome, Optional<String> error,
                     Optional<Long> messageId, Optional<Long> contactId, Optional<Long> campaignId, int rawSize) {
    public Bounce {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(diagnostic, "diagnostic");
        Objects.requireNonNull(remoteMta, "remoteMta");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(campaignId, "campaignId");
    }
}
