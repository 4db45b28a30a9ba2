package app.herald.delivery;

import java.util.Objects;

/** What became of one attempt to send a message. Retries and deferrals (issue 4) will add cases. */
sealed interface SendOutcome {
    /** The SMTP reply, or why nothing was sent; stored in message.smtp_reply. */
    String reply();

    /** The relay accepted the message; {@code reply} is its final reply, e.g. "250 2.0.0 Ok: queued as 4F2". */
    record Sent(String reply) implements SendOutcome {
        public Sent {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** The message was not accepted: an SMTP rejection, a connection error, or not sent at all (reason in reply). */
    record Failed(String reply) implements SendOutcome {
        public Failed {
            Objects.requireNonNull(reply, "reply");
        }
    }
}
