package app.herald.audience;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lists, contacts and their subscription status: the audience feature's public face. */
public final class Audience {
    private static final Logger LOG = LoggerFactory.getLogger(Audience.class);
    private static final int MAX_LIST_NAME = 200;

    private final ListStore lists;
    private final ContactStore contacts;

    public Audience(Jdbi jdbi) {
        this.lists = new ListStore(jdbi);
        this.contacts = new ContactStore(jdbi);
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
}
