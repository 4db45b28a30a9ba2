package app.herald.tracking;

import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Campaigns, contacts, messages and links written with plain SQL, as the sender would leave them,
 * for the tracking and report tests.
 */
public final class CampaignFixture {
    private final Jdbi jdbi;

    public CampaignFixture(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A campaign with its (empty) stats row, as the sender creates them. */
    public long campaign(String name) {
        return jdbi.withHandle(h -> {
            long id = h.createQuery("""
                    INSERT INTO campaign (name, subject, from_name, from_email, html, status)
                    VALUES (:name, 'Hello', 'Shop', 'shop@example.com', '<p>Hi</p>', 'sending') RETURNING id""")
                    .bind("name", name).mapTo(Long.class).one();
            h.execute("INSERT INTO campaign_stats (campaign_id) VALUES (?)", id);
            return id;
        });
    }

    public void link(long campaignId, int idx, String url) {
        jdbi.useHandle(h -> h.execute("INSERT INTO campaign_link (campaign_id, idx, url) VALUES (?, ?, ?)", campaignId, idx, url));
    }

    public long contact(String email) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO contact (email) VALUES (:email) RETURNING id")
                .bind("email", email).mapTo(Long.class).one());
    }

    /** A sent campaign message to a new contact with this address. */
    public long sentMessage(long campaignId, String email) {
        long contactId = contact(email);
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO message (campaign_id, contact_id, email, status, smtp_reply, sent_at)
                VALUES (:campaign_id, :contact_id, :email, 'sent', '250 2.0.0 OK', now()) RETURNING id""")
                .bind("campaign_id", campaignId).bind("contact_id", contactId).bind("email", email)
                .mapTo(Long.class).one());
    }

    /** Moves the send time of all the campaign's messages, for hits recorded at chosen (past) times. */
    public void sentAt(long campaignId, Instant at) {
        jdbi.useHandle(h -> h.execute("UPDATE message SET sent_at = ?::timestamptz WHERE campaign_id = ? AND sent_at IS NOT NULL",
                at.toString(), campaignId));
    }

    /** A test send: no contact behind it. */
    public long testMessage(long campaignId, String email) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO message (campaign_id, email, kind, status, sent_at)
                VALUES (:campaign_id, :email, 'test', 'sent', now()) RETURNING id""")
                .bind("campaign_id", campaignId).bind("email", email).mapTo(Long.class).one());
    }

    /** What the sender would have counted for these messages. */
    public void sendCounts(long campaignId, long recipients, long sent, long failed) {
        jdbi.useHandle(h -> h.execute("UPDATE campaign_stats SET recipients = ?, sent = ?, failed = ? WHERE campaign_id = ?",
                recipients, sent, failed, campaignId));
    }

    public long count(String sql, Object... args) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    public String contactStatus(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM contact WHERE email = :email")
                .bind("email", email).mapTo(String.class).one());
    }
}
