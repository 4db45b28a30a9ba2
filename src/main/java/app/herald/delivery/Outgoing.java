package app.herald.delivery;

import app.herald.campaign.Recipient;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A message leased for sending, with the recipient data it is personalised with.
 * {@code contactStatus} is the contact's status when it was leased (empty: no such contact);
 * {@code suppressed} whether the address or its domain was on the suppression list then;
 * {@code queuedAt} is when the message was created (the tracking log's origination time);
 * {@code attempt} is which try this lease is, 1 for the first;
 * {@code trackingConsent} the recipient's consent to tracking, from the contact or else its lists' default
 * (empty: unknown, the renderer's default applies).
 */
record Outgoing(long id, long campaignId, boolean test, UUID networkMessageId, Optional<String> contactStatus,
                boolean suppressed, Recipient recipient, Instant queuedAt, int attempt, Optional<Boolean> trackingConsent) {
    Outgoing {
        Objects.requireNonNull(networkMessageId, "networkMessageId");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(contactStatus, "contactStatus");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(trackingConsent, "trackingConsent");
    }

    String email() {
        return recipient.email();
    }
}
