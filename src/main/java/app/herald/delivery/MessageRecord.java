package app.herald.delivery;

import java.util.Objects;
import java.util.Optional;

/** The send record of one message: where it stands and what the relay said. */
public record MessageRecord(long id, long campaignId, String email, Kind kind, Status status, Optional<String> smtpReply,
                            Optional<String> messageIdHeader) {
    public enum Kind { CAMPAIGN, TEST }

    public enum Status { QUEUED, SENDING, SENT, FAILED }

    public MessageRecord {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(smtpReply, "smtpReply");
        Objects.requireNonNull(messageIdHeader, "messageIdHeader");
    }
}
