package app.herald.delivery;

/**
 * What a relay's refusal of a recipient or message at send time (a 5xx reply to RCPT or DATA) does
 * to the address; Herald passes the bounce feature's {@code Bounces::onSynchronousFailure}.
 */
@FunctionalInterface
public interface Refusals {
    /** Refusals go nowhere (tests, and a node without bounce handling). */
    Refusals IGNORED = (messageId, reply) -> { };

    void refused(long messageId, String reply);
}
