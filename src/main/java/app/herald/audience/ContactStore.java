package app.herald.audience;

import app.herald.HeraldException;
import app.herald.store.Queries;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Contacts in PostgreSQL: lookups, status changes and the set-based merge behind CSV imports. */
final class ContactStore {
    private static final Queries SQL = Queries.of(ContactStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() { };

    /** Feeds rows to a staging area; may read its input (hence IOException) while doing so. */
    @FunctionalInterface
    interface RowSource {
        void stageInto(ContactStaging staging) throws IOException;
    }

    /** {@code erasedLines}: lines of rows left out because their address was erased (on the suppression list as a hash). */
    record Counts(long imported, long updated, java.util.List<Long> erasedLines) {
        Counts {
            erasedLines = java.util.List.copyOf(erasedLines);
        }
    }

    private final Jdbi jdbi;

    ContactStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<Contact> findByEmail(String email) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("find-by-email")).bind("email", email)
                .map((rs, ctx) -> contact(rs)).findOne());
    }

    /** Sets the consent of the contact with this address; false when there is none. */
    boolean setTrackingConsent(String email, TrackingConsent consent) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("set-tracking-consent")).bind("email", email)
                .bind("consent", consent.dbName()).execute()) == 1;
    }

    boolean unsubscribe(long contactId) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("unsubscribe")).bind("id", contactId).execute()) == 1;
    }

    boolean markBounced(long contactId) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("mark-bounced")).bind("id", contactId).execute()) == 1;
    }

    boolean markComplained(long contactId) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("mark-complained")).bind("id", contactId).execute()) == 1;
    }

    /** Sets contacts with this (lower-case) address that are only bounced back to active; returns how many. */
    int reactivateBounced(String address) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("reactivate-bounced")).bind("address", address).execute());
    }

    /**
     * Stages the rows {@code source} produces with COPY, then upserts them into contact and adds
     * them to the list, all in one transaction: an import that fails half-way (a dropped upload, a
     * database error) leaves nothing behind, and one that succeeds is visible all at once.
     */
    Counts importInto(long listId, RowSource source) throws IOException {
        return jdbi.inTransaction(h -> {
            h.execute(SQL.get("create-staging"));
            ContactStaging staging = new ContactStaging(copyIn(h), listId);
            try {
                source.stageInto(staging);
                staging.finish();
            } catch (IOException | RuntimeException e) {
                staging.cancel();
                throw e;
            }
            return merge(h, listId);
        });
    }

    private static CopyIn copyIn(Handle h) {
        try {
            return h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(SQL.get("copy-staging"));
        } catch (SQLException e) {
            throw new HeraldException("cannot start COPY for a contact import: " + e.getMessage(), e);
        }
    }

    /** Contacts that already existed count as updated, whether or not a value changed. */
    private static Counts merge(Handle h, long listId) {
        h.execute(SQL.get("tune-staging"));
        java.util.List<Long> erased = h.createQuery(SQL.get("drop-erased-staged")).mapTo(Long.class).list();
        Counts counts = h.createQuery(SQL.get("upsert-staged"))
                .map((rs, ctx) -> new Counts(rs.getLong("imported"), rs.getLong("contacts") - rs.getLong("imported"), erased)).one();
        h.createUpdate(SQL.get("set-staged-consent")).execute();
        h.createUpdate(SQL.get("add-staged-to-list")).bind("listId", listId).execute();
        return counts;
    }

    private static Contact contact(ResultSet rs) throws SQLException {
        return new Contact(rs.getLong("id"), rs.getString("email"),
                optional(rs, "first_name"), optional(rs, "last_name"), optional(rs, "company"),
                optional(rs, "country"), optional(rs, "language"), optional(rs, "timezone"),
                attributes(rs.getString("attributes")), ContactStatus.fromDb(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(), TrackingConsent.fromDb(rs.getString("tracking_consent")));
    }

    private static Optional<String> optional(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    private static Map<String, String> attributes(String json) {
        try {
            return JSON.readValue(json, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new HeraldException("contact attributes are not a flat JSON object of strings: " + e.getOriginalMessage(), e);
        }
    }
}
