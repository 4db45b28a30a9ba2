package app.herald.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One leased message and what became of it, to be recorded in its row; {@code retryIn} is how long
 * a deferred message waits before its next try (zero for other outcomes).
 */
record Attempt(Outgoing message, SendOutcome outcome, Optional<String> messageIdHeader, Duration retryIn) {
    Attempt {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(messageIdHeader, "messageIdHeader");
        Objects.requireNonNull(retryIn, "retryIn");
    }

    Attempt(Outgoing message, SendOutcome outcome, Optional<String> messageIdHeader) {
        this(message, outcome, messageIdHeader, Duration.ZERO);
    }
}
