package app.herald.tracking;

import app.herald.audience.Audience;
import app.herald.store.Queries;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Unsubscribes the recipient of a message, synchronously: the person must be off the list by the
 * time the confirmation is shown. Each request is kept as an 'unsubscribe' event; the campaign
 * counts each message once however often its link is posted. A test send has no contact (or is
 * not counted) and simply records the event.
 */
final class Unsubscriptions {
    private static final Queries SQL = Queries.of(Unsubscriptions.class);

    private record Recipient(long campaignId, Long contactId, boolean counted, boolean already) {
    }

    private final Jdbi jdbi;
    private final Audience audience;

    Unsubscriptions(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.audience = new Audience(jdbi);
    }

    boolean messageExists(long messageId) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("message-exists")).bind("id", messageId).mapTo(Boolean.class).one());
    }

    /** Unsubscribes the message's contact; false when the message does not exist. */
    boolean unsubscribe(long messageId, Instant at, String ip, String userAgent) {
        return jdbi.inTransaction(h -> {
            // the row lock serialises two posts of the same link, so the campaign counts it once
            Optional<Recipient> found = h.createQuery(SQL.get("lock-message")).bind("id", messageId)
                    .map((rs, ctx) -> new Recipient(rs.getLong("campaign_id"), (Long) rs.getObject("contact_id", Long.class),
                            rs.getBoolean("counted"), rs.getBoolean("already")))
                    .findOne();
            if (found.isEmpty()) {
                return false;
            }
            Recipient r = found.get();
            if (r.contactId() != null) {
                // Jdbi hands Audience this thread's open handle: status change and event commit together
                audience.unsubscribe(r.contactId());
            }
            h.createUpdate(SQL.get("insert-event"))
                    .bind("message_id", messageId)
                    .bind("campaign_id", r.campaignId())
                    .bind("at", at)
                    .bind("ip", ip)
                    .bind("user_agent", userAgent)
                    .execute();
            if (r.counted() && !r.already()) {
                h.createUpdate(SQL.get("count-unsubscribe")).bind("campaign_id", r.campaignId()).execute();
            }
            return true;
        });
    }
}
