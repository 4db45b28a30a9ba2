package app.herald.delivery;

import java.util.Objects;
import java.util.Optional;

/** One leased message and what became of it, to be recorded in its row. */
record Attempt(Outgoing message, SendOutcome outcome, Optional<String> messageIdHeader) {
    Attempt {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(messageIdHeader, "messageIdHeader");
    }
}
