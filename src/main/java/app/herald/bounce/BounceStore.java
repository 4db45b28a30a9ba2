package app.herald.bounce;

import app.herald.store.Queries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Bounce rows, and the message lookups that match a report to what Herald sent. */
final class BounceStore {
    private static final Queries SQL = Queries.of(BounceStore.class);

    /** The message a report is about. {@code contactId} is empty for a test send to an address that is no contact. */
    record SentMessage(long id, long campaignId, Optional<Long> contactId, String email, String messageIdHeader) {
        SentMessage {
            Objects.requireNonNull(contactId, "contactId");
            Objects.requireNonNull(email, "email");
        }
    }

    /** One row to insert; raw is already cut to size. */
    record Row(BounceSource source, String format, byte[] raw, int rawSize, Optional<String> recipient,
               Optional<String> status, Optional<String> action, Optional<String> diagnostic, Optional<String> remoteMta,
               String classification, String outcome, Optional<String> error, Optional<SentMessage> message) {
    }

    private final Jdbi jdbi;

    BounceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<SentMessage> message(long id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("message-by-id")).bind("id", id).map(BounceStore::sent).findOne());
    }

    Optional<SentMessage> messageByNetworkId(UUID networkId) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("message-by-network-id")).bind("network_id", networkId)
                .map(BounceStore::sent).findOne());
    }

    /** Soft bounces of this contact received within {@code window} before now. */
    int softBounces(long contactId, Duration window) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("soft-bounces")).bind("contact_id", contactId)
                .bind("seconds", window.toSeconds()).mapTo(Integer.class).one());
    }

    /** Sets the message's read confirmation unless an earlier receipt already did; returns whether this one did. */
    boolean confirmRead(long messageId) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("confirm-read")).bind("id", messageId).execute()) == 1;
    }

    long insert(Row r) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("insert"))
                .bind("source", r.source().dbName()).bind("format", r.format()).bind("raw", r.raw()).bind("raw_size", r.rawSize())
                .bind("recipient", r.recipient().orElse(null)).bind("status", r.status().orElse(null))
                .bind("action", r.action().orElse(null)).bind("diagnostic", r.diagnostic().orElse(null))
                .bind("remote_mta", r.remoteMta().orElse(null)).bind("classification", r.classification())
                .bind("outcome", r.outcome()).bind("error", r.error().orElse(null))
                .bind("message_id", r.message().map(SentMessage::id).orElse(null))
                .bind("contact_id", r.message().flatMap(SentMessage::contactId).orElse(null))
                .mapTo(Long.class).one());
    }

    List<Bounce> list(boolean unmatchedOnly, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get(unmatchedOnly ? "list-unmatched" : "list"))
                .bind("offset", offset).bind("limit", limit).map(BounceStore::bounce).list());
    }

    Optional<Bounce> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find")).bind("id", id).map(BounceStore::bounce).findOne());
    }

    Optional<byte[]> raw(long id) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("raw")).bind("id", id).mapTo(byte[].class).findOne());
    }

    private static SentMessage sent(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SentMessage(rs.getLong("id"), rs.getLong("campaign_id"), number(rs, "contact_id"), rs.getString("email"),
                rs.getString("message_id_header"));
    }

    private static Bounce bounce(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Bounce(rs.getLong("id"), rs.getObject("received_at", OffsetDateTime.class).toInstant(), rs.getString("source"),
                rs.getString("format"), text(rs, "recipient"), text(rs, "status"), text(rs, "action"), text(rs, "diagnostic"),
                text(rs, "remote_mta"), rs.getString("classification"), rs.getString("outcome"), text(rs, "error"),
                number(rs, "message_id"), number(rs, "contact_id"), number(rs, "campaign_id"), rs.getInt("raw_size"));
    }

    private static Optional<String> text(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    private static Optional<Long> number(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }
}
