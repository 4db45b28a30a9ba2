package app.herald.devinbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message the dev inbox captured, as the SMTP envelope saw it: {@code from} is the MAIL FROM
 * address (empty for the null sender), {@code to} the RCPT TO addresses, {@code size} the raw size
 * in bytes. The subject is decoded from the MIME header; empty when the message has none.
 */
public record InboxMessage(long id, Instant receivedAt, String from, List<String> to, Optional<String> subject, int size) {
    public InboxMessage {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(from, "from");
        to = List.copyOf(Objects.requireNonNull(to, "to"));
        Objects.requireNonNull(subject, "subject");
    }
}
