package app.herald.delivery;

/**
 * What a relay's refusal of a recipient or message at send time does to the address: a 5xx reply to
 * RCPT or DATA, or the 4xx reply a message failed with once its retry schedule was used up (a soft
 * bounce). Herald passes the bounce feature's {@code Bounces::onSynchronousFailure}.
 */
@FunctionalInterface
public interface Refusals {
    /** Refusals go nowhere (tests, and a node without bounce handling). */
    Refusals IGNORED = (messageId, reply) -> { };

    void refused(long messageId, String reply);
}
