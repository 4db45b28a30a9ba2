package app.herald.privacy;

import app.herald.HeraldException;
import app.herald.InvalidInputException;
import app.herald.store.Queries;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Herald holds on one person, for a data subject's access request (export) and erasure
 * request. Both work by address, so they also cover test sends and bounces of someone who is not,
 * or no longer, a contact. What stays after an erasure: aggregate counters (campaign, link, minute),
 * which name no one, and a keyed hash of the address on the suppression list, so that the person is
 * never mailed again; the message tracking log files are not rewritten (docs/tracking-and-privacy.md).
 */
public final class PersonalData {
    private static final Logger LOG = LoggerFactory.getLogger(PersonalData.class);
    private static final Queries SQL = Queries.of(PersonalData.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_ADDRESS = 254;

    /** What an erasure deleted. {@code contact}: whether a contact had the address. */
    public record Erased(boolean contact, long messages, long trackingEvents, long bounces, long suppressionsReplaced) {
    }

    private final Jdbi jdbi;

    public PersonalData(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Everything stored on {@code email} as one JSON document: contact fields and attributes, consent,
     * list memberships, messages with their statuses and counters, tracking events, bounces and the
     * suppression entries that apply. Parts with nothing stored are null (contact) or empty lists.
     */
    public String export(String email) {
        String address = address(email);
        return jdbi.inTransaction(h -> {
            h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"); // one consistent picture
            ObjectNode out = JSON.createObjectNode();
            out.put("email", address);
            out.put("exported_at", Instant.now().toString());
            out.set("contact", part(h, "contact", address).orElse(null));
            for (String part : new String[] {"lists", "messages", "events", "bounces", "suppressions"}) {
                out.set(part.equals("events") ? "tracking_events" : part, part(h, part, address).orElseThrow());
            }
            try {
                return JSON.writeValueAsString(out);
            } catch (JsonProcessingException e) {
                throw new HeraldException("cannot write the data export as JSON: " + e.getOriginalMessage(), e);
            }
        });
    }

    /**
     * Deletes the contact with this address (and its list memberships), every message to it with its
     * tracking events, its bounces and its address suppression, in one transaction, and puts a keyed
     * hash of the address on the suppression list. Erasing an address Herald knows nothing of still
     * adds the hash, so a person can ask not to be mailed before they are ever imported.
     */
    public Erased erase(String email) {
        String address = address(email);
        Erased erased = jdbi.inTransaction(h -> {
            if (h.createQuery(SQL.get("has-key")).mapTo(Boolean.class).one() == Boolean.FALSE) {
                // without the key the hash would be NULL and the person could be mailed again
                throw new HeraldException("cannot erase: the erasure key (table erasure_key, made by migration V13) is missing;"
                        + " restore it from a backup of this database, nothing was erased");
            }
            Optional<Long> contact = h.createQuery(SQL.get("lock-contact")).bind("email", address).mapTo(Long.class).findOne();
            long contactId = contact.orElse(-1L);
            long bounces = h.createUpdate(SQL.get("erase-bounces")).bind("email", address).bind("contact_id", contactId).execute();
            long events = h.createQuery(SQL.get("count-events")).bind("email", address).mapTo(Long.class).one();
            long messages = h.createUpdate(SQL.get("erase-messages")).bind("email", address).bind("contact_id", contactId).execute();
            contact.ifPresent(id -> h.createUpdate(SQL.get("erase-contact")).bind("contact_id", id).execute());
            h.createUpdate(SQL.get("erase-dev-inbox")).bind("email", address).execute();
            long replaced = h.createUpdate(SQL.get("erase-address-suppression")).bind("email", address).execute();
            h.createUpdate(SQL.get("suppress-hash")).bind("email", address).execute();
            return new Erased(contact.isPresent(), messages, events, bounces, replaced);
        });
        // never the address: the log must not gain what was just erased
        LOG.info("erasure done: contact {}, {} messages, {} tracking events, {} bounces deleted; address kept only as a keyed hash",
                erased.contact() ? "deleted" : "not found", erased.messages(), erased.trackingEvents(), erased.bounces());
        return erased;
    }

    private static Optional<com.fasterxml.jackson.databind.JsonNode> part(Handle h, String query, String address) {
        return h.createQuery(SQL.get(query)).bind("email", address).mapTo(String.class).findOne().map(PersonalData::parse);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HeraldException("PostgreSQL returned JSON that does not parse: " + e.getOriginalMessage(), e);
        }
    }

    /** An e-mail address as the caller typed it, trimmed; refused when it cannot be one. */
    static String address(String email) {
        String a = email == null ? "" : email.strip();
        if (a.isEmpty() || a.indexOf('@') <= 0 || a.indexOf('@') == a.length() - 1 || a.length() > MAX_ADDRESS
                || a.chars().anyMatch(c -> c <= ' ')) {
            throw new InvalidInputException("'" + (a.length() > 80 ? a.substring(0, 80) + "…" : a)
                    + "' is not an e-mail address; give the person's address, e.g. ana@example.com");
        }
        return a;
    }
}
