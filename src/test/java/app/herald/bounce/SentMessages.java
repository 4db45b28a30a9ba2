package app.herald.bounce;

import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.Campaigns;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Messages as the sender leaves them (sent, with their Message-ID), to receive bounces about. */
final class SentMessages {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final ReturnPath RETURN_PATH = ReturnPath.of(Optional.of("bounces.acme.example"), SECRET);

    /** A sent message; {@code contactId} is 0 for a test send to an address that is no contact. */
    record Sent(long id, long contactId, String email, UUID networkId) {
        String verp() {
            return RETURN_PATH.envelopeFrom(id, "news@acme.example");
        }

        String messageIdHeader() {
            return "<" + networkId + "@acme.example>";
        }

        /** The fixture about this message, quoting its VERP address, X-Herald-Message and Message-ID. */
        byte[] report(String fixture) {
            return Fixtures.load(fixture, Map.of("VERP", verp(), "RECIPIENT", email, "HERALD_ID", networkId.toString(),
                    "MESSAGE_ID", messageIdHeader()));
        }
    }

    private final Jdbi jdbi;
    private final long campaignId;
    private final long listId;

    SentMessages(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.listId = CampaignFixtures.list(jdbi, "customers");
        this.campaignId = new Campaigns(jdbi).create(CampaignFixtures.draft("Spring offer", "<p>Hello</p>", listId));
    }

    long campaignId() {
        return campaignId;
    }

    /** A contact with this address, and the campaign's sent message to it. */
    Sent to(String email) {
        long contactId = CampaignFixtures.contact(jdbi, email, "Bo", "active", "{}", listId);
        return insert(email, contactId, "campaign");
    }

    /** A test send to an address that is no contact. */
    Sent testTo(String email) {
        return insert(email, 0, "test");
    }

    private Sent insert(String email, long contactId, String kind) {
        UUID networkId = UUID.randomUUID();
        long id = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO message (campaign_id, contact_id, email, kind, status, network_message_id, message_id_header, sent_at)
                VALUES (:c, :contact, :email, :kind, 'sent', :nid, :mid, now()) RETURNING id""")
                .bind("c", campaignId).bind("contact", contactId == 0 ? null : contactId).bind("email", email).bind("kind", kind)
                .bind("nid", networkId).bind("mid", "<" + networkId + "@acme.example>").mapTo(Long.class).one());
        return new Sent(id, contactId, email, networkId);
    }

    String contactStatus(long contactId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM contact WHERE id = :id").bind("id", contactId)
                .mapTo(String.class).one());
    }
}
