package app.herald.delivery;

import java.util.Objects;

/**
 * What became of one attempt to send a message: sent, deferred (a temporary failure, tried again on
 * the retry schedule) or failed for good.
 */
sealed interface SendOutcome {
    /** The SMTP reply, or why nothing was sent; stored in message.smtp_reply. */
    String reply();

    /** The relay accepted the message; {@code reply} is its final reply, e.g. "250 2.0.0 Ok: queued as 4F2". */
    record Sent(String reply) implements SendOutcome {
        public Sent {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * A temporary failure: a 4xx reply, a timeout, a refused or dropped connection. The message is
     * tried again while the retry schedule lasts, and fails with this reply when it is used up.
     */
    record Deferred(String reply) implements SendOutcome {
        public Deferred {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** A permanent failure: a 5xx reply, or not sent at all for a reason Herald decided (reason in reply). */
    record Failed(String reply) implements SendOutcome {
        public Failed {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * The relay refused this recipient or this message: a 5xx reply to RCPT or DATA. Final, like
     * {@link Failed}, and a bounce at send time: classified by its enhanced status code and acted on
     * like an asynchronous bounce (Bounces.onSynchronousFailure).
     */
    record Rejected(String reply) implements SendOutcome {
        public Rejected {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * Not sent yet: a sending limit (Throttle) holds the message back. Queued again for when the
     * limit frees a slot; not a try, not a failure. {@code reply} names the limit.
     */
    record Throttled(String reply) implements SendOutcome {
        public Throttled {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** A relay's rejection or a connection error: permanent for a 5xx reply, temporary for anything else. */
    static SendOutcome refused(String reply) {
        return isPermanent(reply) ? new Failed(reply) : new Deferred(reply);
    }

    /**
     * As above; a 5xx reply to RCPT or DATA ({@code ofRecipientOrMessage}) is a {@link Rejected}, since
     * it speaks about the recipient. A 5xx to MAIL FROM or at connection speaks about the sender.
     */
    static SendOutcome refused(String reply, boolean ofRecipientOrMessage) {
        return !isPermanent(reply) ? new Deferred(reply) : ofRecipientOrMessage ? new Rejected(reply) : new Failed(reply);
    }

    private static boolean isPermanent(String reply) {
        return reply.matches("^5\\d\\d([ -].*)?$");
    }
}
