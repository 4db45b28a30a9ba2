package app.herald.audience;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists, contacts and their subscription status, and the suppression list (addresses and domains
 * no send goes to, whatever list they are on): the audience feature's public face.
 */
public final class Audience {
    private static final Logger LOG = LoggerFactory.getLogger(Audience.class);
    private static final int MAX_LIST_NAME = 200;
    /** Longest reason kept with a suppression. */
    public static final int MAX_SUPPRESSION_REASON = 1_000;
    /** Largest page of {@link #suppressions}. */
    public static final int MAX_SUPPRESSION_PAGE = 1_000;

    private final ListStore lists;
    private final ContactStore contacts;
    private final SuppressionStore suppressions;

    public Audience(Jdbi jdbi) {
        this.lists = new ListStore(jdbi);
        this.contacts = new ContactStore(jdbi);
        this.suppressions = new SuppressionStore(jdbi);
    }

    /** Creates a list; the name is trimmed and must be new (compared case-insensitively). */
    public long createList(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidInputException("a list needs a name: the name is blank");
        }
        if (trimmed.length() > MAX_LIST_NAME) {
            throw new InvalidInputException("a list name has at most " + MAX_LIST_NAME + " characters; this one has " + trimmed.length());
        }
        return lists.create(trimmed).orElseThrow(() -> new InvalidInputException("a list named '" + trimmed
                + "' already exists (list " + lists.findByName(trimmed).map(l -> Long.toString(l.id())).orElse("?")
                + "); choose another name or import into that list"));
    }

    public ListSummary getList(long id) {
        return lists.find(id).orElseThrow(() -> new NotFoundException("list", id));
    }

    /** The list with this name, compared case-insensitively. */
    public Optional<ListSummary> findListByName(String name) {
        return lists.findByName(name.strip());
    }

    /** All lists, oldest first. */
    public List<ListSummary> lists() {
        return lists.all();
    }

    /**
     * Imports contacts from a UTF-8 CSV with a header row into a list, upserting by e-mail address.
     * Bad rows are reported in the result and do not stop the import; a file without a usable header
     * is refused whole ({@link InvalidInputException}). The import is one transaction: it is
     * imported completely or, when reading or the database fails, not at all. It never changes a
     * contact's status, so an unsubscribed, bounced or complained contact stays so.
     *
     * @param progress told how far the import has come; null for none
     */
    public ImportResult importCsv(long listId, InputStream csv, ImportProgress progress) {
        getList(listId);
        long started = System.nanoTime();
        ImportResult result = CsvImport.run(contacts, listId, csv, progress);
        LOG.info("list {}: CSV import done in {} ms: {} imported, {} updated, {} rejected", listId,
                (System.nanoTime() - started) / 1_000_000, result.imported(), result.updated(), result.rejectedTotal());
        return result;
    }

    /**
     * Sets a contact's consent to open and click tracking.
     *
     * @throws NotFoundException when no contact has this address
     */
    public Contact setTrackingConsent(String email, TrackingConsent consent) {
        if (!contacts.setTrackingConsent(email.strip(), consent)) {
            throw new NotFoundException("contact", email.strip());
        }
        Contact contact = contacts.findByEmail(email.strip()).orElseThrow();
        LOG.info("contact {}: tracking consent set to {}", contact.id(), consent.dbName());
        return contact;
    }

    /**
     * Sets what an unknown tracking consent means for the list's members: ON or OFF, or empty for the
     * tracking.consent_default setting. A contact on several lists of one campaign is tracked only if
     * none of them says OFF. UNKNOWN is refused: it is what the default is for.
     */
    public ListSummary setTrackingConsentDefault(long listId, Optional<TrackingConsent> consent) {
        if (consent.filter(c -> c == TrackingConsent.UNKNOWN).isPresent()) {
            throw new InvalidInputException("tracking_consent_default must be on, off or null (the global tracking.consent_default)");
        }
        if (!lists.setTrackingConsentDefault(listId, consent)) {
            throw new NotFoundException("list", listId);
        }
        return getList(listId);
    }

    /** The contact with this address, compared case-insensitively. */
    public Optional<Contact> findContactByEmail(String email) {
        return contacts.findByEmail(email.strip());
    }

    /**
     * Marks an active contact unsubscribed. Returns false when the contact does not exist or is
     * not active (already unsubscribed, bounced or complained stay as they are).
     */
    public boolean unsubscribe(long contactId) {
        return contacts.unsubscribe(contactId);
    }

    /**
     * Puts an address ({@code ana@example.com}) or a whole domain ({@code @example.com} or
     * {@code example.com}) on the suppression list. An entry already there is left as it was
     * (its first reason and source stay) and returned with {@code isNew} false.
     *
     * @throws InvalidInputException for something that is neither an address nor a domain, or a reason
     *         longer than {@value #MAX_SUPPRESSION_REASON} characters
     */
    public Suppression.Added suppress(String addressOrDomain, String reason, SuppressionSource source) {
        String entry = addressOrDomain == null ? "" : addressOrDomain.strip().toLowerCase(Locale.ROOT);
        String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        if (why.length() > MAX_SUPPRESSION_REASON) {
            throw new InvalidInputException("a suppression reason has at most " + MAX_SUPPRESSION_REASON
                    + " characters; this one has " + why.length());
        }
        Suppression.Added added;
        if (entry.indexOf('@') > 0) {
            EmailAddress.problem(entry).ifPresent(p -> {
                throw new InvalidInputException("cannot suppress '" + addressOrDomain + "': the address " + p);
            });
            added = suppressions.add(Optional.of(entry), Optional.empty(), why, source);
        } else {
            String domain = entry.startsWith("@") ? entry.substring(1) : entry;
            EmailAddress.domainProblem(domain).ifPresent(p -> {
                throw new InvalidInputException("cannot suppress '" + addressOrDomain + "': give an address (ana@example.com) "
                        + "or a domain (@example.com or example.com); read as an address at that domain, it " + p);
            });
            added = suppressions.add(Optional.empty(), Optional.of(domain), why, source);
        }
        if (added.isNew()) {
            LOG.info("suppression {} added ({}): {}", added.suppression().id(), source.dbName(), why);
        }
        return added;
    }

    /**
     * Removes an entry. Lifting an address's suppression also makes a contact with that address
     * active again if it was out only because it bounced; an unsubscribed or complained contact stays so.
     *
     * @throws NotFoundException when no entry has this id
     */
    public Suppression removeSuppression(long id) {
        Suppression removed = suppressions.delete(id).orElseThrow(() -> new NotFoundException("suppression", id));
        removed.address().ifPresent(contacts::reactivateBounced);
        LOG.info("suppression {} removed", id);
        return removed;
    }

    public Suppression getSuppression(long id) {
        return suppressions.find(id).orElseThrow(() -> new NotFoundException("suppression", id));
    }

    /**
     * A page of the suppression list, newest first; {@code search} keeps entries whose address or
     * domain contains it (case-insensitive).
     *
     * @throws InvalidInputException for a negative offset or a limit outside 1..{@value #MAX_SUPPRESSION_PAGE}
     */
    public List<Suppression> suppressions(Optional<String> search, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_SUPPRESSION_PAGE) {
            throw new InvalidInputException("suppression page offset=" + offset + " limit=" + limit
                    + " is out of range: offset must be >= 0 and limit between 1 and " + MAX_SUPPRESSION_PAGE);
        }
        return suppressions.list(search.map(String::strip).filter(q -> !q.isEmpty()), offset, limit);
    }

    /** The entry that stops mail to this address (its own or its domain's), if any. */
    public Optional<Suppression> suppressionOf(String email) {
        return suppressions.matching(email.strip());
    }

    /** Marks an active contact bounced; returns false when it does not exist or is not active. */
    public boolean markBounced(long contactId) {
        return contacts.markBounced(contactId);
    }

    /** Marks a contact complained, whatever its status was; returns false when it does not exist or already is. */
    public boolean markComplained(long contactId) {
        return contacts.markComplained(contactId);
    }
}
