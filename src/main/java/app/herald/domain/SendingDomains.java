package app.herald.domain;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.store.Queries;
import java.security.KeyPair;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Sending domains and their DKIM keys, kept in the database (private keys as PKCS#8, unencrypted:
 * see docs/deliverability.md). Every node signs with the same keys. Names given here must already be
 * valid ({@link DomainNames}).
 */
public final class SendingDomains {
    private static final Queries SQL = Queries.of(SendingDomains.class);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM", Locale.ROOT);

    private final Jdbi jdbi;

    public SendingDomains(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** {@code herald202604}: a selector that says when the key was made, so the next rotation picks a new one. */
    public static String defaultSelector(LocalDate today) {
        return "herald" + MONTH.format(today);
    }

    /**
     * Generates one key per algorithm under {@code selector} (with two algorithms, {@code selector-rsa}
     * and {@code selector-ed25519}, since one DNS name holds one key). A key is active at once when
     * the domain has no active key of its algorithm yet, else pending until {@link #activate}.
     */
    public List<DkimKey> addKeys(String domain, String selector, Set<DkimAlgorithm> algorithms) {
        if (algorithms.isEmpty()) {
            throw new InvalidInputException("choose at least one key algorithm (RSA, Ed25519 or both)");
        }
        // key generation takes a while (RSA); do it before holding any lock
        List<DkimAlgorithm> ordered = new TreeSet<>(algorithms).stream().toList();
        List<KeyPair> pairs = ordered.stream().map(DkimKeys::generate).toList();
        List<String> selectors = ordered.stream().map(a -> ordered.size() == 1 ? selector : selector + "-" + a.keyType()).toList();
        jdbi.useTransaction(h -> {
            h.createUpdate(SQL.get("insert-domain")).bind("domain", domain).execute();
            h.createQuery(SQL.get("lock-domain")).bind("domain", domain).mapTo(String.class).one();
            for (int i = 0; i < ordered.size(); i++) {
                DkimAlgorithm a = ordered.get(i);
                String s = selectors.get(i);
                if (h.createQuery(SQL.get("selector-taken")).bind("domain", domain).bind("selector", s).mapTo(Boolean.class).one()) {
                    throw new InvalidInputException("selector " + s + " of " + domain + " is taken (" + s + "._domainkey." + domain
                            + "); choose another with --selector, e.g. " + selector + "b");
                }
                boolean active = h.createQuery(SQL.get("has-active")).bind("domain", domain).bind("algorithm", a.tag())
                        .mapTo(Boolean.class).one();
                h.createUpdate(SQL.get("insert-key")).bind("domain", domain).bind("selector", s).bind("algorithm", a.tag())
                        .bind("status", active ? "pending" : "active")
                        .bind("private_key", pairs.get(i).getPrivate().getEncoded())
                        .bind("public_key", pairs.get(i).getPublic().getEncoded()).execute();
            }
        });
        return keys(domain).stream().filter(k -> selectors.contains(k.selector())).toList();
    }

    /** Makes a key the one that signs for its algorithm; the key it replaces is retired. */
    public DkimKey activate(String domain, String selector) {
        jdbi.useTransaction(h -> {
            String algorithm = algorithm(h, domain, selector);
            h.createUpdate(SQL.get("retire-active")).bind("domain", domain).bind("algorithm", algorithm).bind("selector", selector).execute();
            h.createUpdate(SQL.get("activate")).bind("domain", domain).bind("selector", selector).execute();
        });
        return get(domain, selector);
    }

    /** Stops signing with a key; its record may stay published for mail still in transit. */
    public DkimKey retire(String domain, String selector) {
        jdbi.useTransaction(h -> {
            algorithm(h, domain, selector);
            h.createUpdate(SQL.get("retire")).bind("domain", domain).bind("selector", selector).execute();
        });
        return get(domain, selector);
    }

    /** Removes the domain and all its keys; mail from it goes out unsigned from then on. */
    public void remove(String domain) {
        if (jdbi.withHandle(h -> h.createUpdate(SQL.get("delete-domain")).bind("domain", domain).execute()) == 0) {
            throw new NotFoundException("sending domain", domain);
        }
    }

    /** Every key of the domain, oldest first; empty for a domain Herald does not know. */
    public List<DkimKey> keys(String domain) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("keys")).bind("domain", domain).map((rs, ctx) -> key(rs)).list());
    }

    public List<String> domains() {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("domains")).mapTo(String.class).list());
    }

    /** The active keys of any of these domains. */
    List<DkimKey> activeKeys(Collection<String> domains) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("active-keys")).bindArray("domains", String.class, new ArrayList<>(domains))
                .map((rs, ctx) -> key(rs)).list());
    }

    private DkimKey get(String domain, String selector) {
        return keys(domain).stream().filter(k -> k.selector().equals(selector)).findFirst()
                .orElseThrow(() -> new NotFoundException("DKIM key", selector + "._domainkey." + domain));
    }

    private static String algorithm(Handle h, String domain, String selector) {
        return h.createQuery(SQL.get("key-algorithm")).bind("domain", domain).bind("selector", selector).mapTo(String.class)
                .findOne().orElseThrow(() -> new NotFoundException("DKIM key", selector + "._domainkey." + domain));
    }

    private static DkimKey key(ResultSet rs) throws SQLException {
        return DkimKeys.key(rs.getString("domain"), rs.getString("selector"), DkimAlgorithm.ofTag(rs.getString("algorithm")),
                KeyStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getBytes("private_key"),
                rs.getBytes("public_key"), rs.getTimestamp("created_at").toInstant());
    }
}
