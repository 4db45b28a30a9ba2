package app.herald.audience;

import app.herald.store.Queries;
import org.jdbi.v3.core.Jdbi;

/** Lists, contacts and their subscription status: the audience feature's public face. */
public final class Audience {
    private static final Queries SQL = Queries.of(Audience.class);

    private final Jdbi jdbi;

    public Audience(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Marks an active contact unsubscribed. Returns false when the contact does not exist or is
     * not active (already unsubscribed, bounced or complained stay as they are).
     */
    public boolean unsubscribe(long contactId) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("unsubscribe")).bind("id", contactId).execute()) == 1;
    }
}
