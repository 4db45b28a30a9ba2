package app.herald.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the send pipeline calls to DKIM-sign a finished message. The keys are those of the sender's
 * domain, else of its nearest parent domain that has keys (still aligned for DMARC), else of the
 * configured fallback domain (not aligned, but the receiver sees a valid signature). Keys are looked
 * up at most once a minute per domain, so a key added or activated on another node is used within
 * a minute.
 */
public final class DkimSigning {
    private static final Logger LOG = LoggerFactory.getLogger(DkimSigning.class);
    private static final Duration REFRESH = Duration.ofMinutes(1);

    private record Cached(Optional<DkimSigner> signer, long loadedAt) {
    }

    private final Optional<SendingDomains> domains;
    private final Optional<String> fallbackDomain;
    private final LongSupplier nanoTime;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public DkimSigning(SendingDomains domains, Optional<String> fallbackDomain) {
        this(Optional.of(domains), fallbackDomain, System::nanoTime);
    }

    DkimSigning(Optional<SendingDomains> domains, Optional<String> fallbackDomain, LongSupplier nanoTime) {
        this.domains = domains;
        this.fallbackDomain = fallbackDomain;
        this.nanoTime = nanoTime;
    }

    /** Signs nothing: for senders without a database of keys (tests of other features). */
    public static DkimSigning none() {
        return new DkimSigning(Optional.empty(), Optional.empty(), System::nanoTime);
    }

    /** The signer for mail from this domain, if any domain that may sign it has active keys. */
    public Optional<DkimSigner> signerFor(String fromDomain) {
        if (domains.isEmpty()) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        Cached c = cache.get(fromDomain);
        if (c == null || now - c.loadedAt() > REFRESH.toNanos()) {
            Cached loaded = new Cached(load(ascii(fromDomain)), now);
            if (c == null || !describe(c.signer()).equals(describe(loaded.signer()))) {
                LOG.info("mail from {} is {}", fromDomain, describe(loaded.signer()));
            }
            cache.put(fromDomain, loaded);
            c = loaded;
        }
        return c.signer();
    }

    private static String describe(Optional<DkimSigner> signer) {
        return signer.map(s -> "DKIM-signed as d=" + s.domain() + " with selectors "
                + s.keys().stream().map(DkimKey::selector).toList()).orElse("not DKIM-signed: no active key for it, its parents or the fallback");
    }

    /** Keys are stored under the ASCII form of internationalised names. */
    private static String ascii(String domain) {
        try {
            return java.net.IDN.toASCII(domain, java.net.IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return domain;
        }
    }

    private Optional<DkimSigner> load(String fromDomain) {
        List<String> candidates = new ArrayList<>();
        // the domain itself, then its parents down to two labels (never a bare top-level domain)
        for (String d = fromDomain; d.indexOf('.') > 0; d = d.substring(d.indexOf('.') + 1)) {
            candidates.add(d);
        }
        fallbackDomain.ifPresent(candidates::add);
        List<DkimKey> keys = domains.orElseThrow().activeKeys(candidates);
        return candidates.stream()
                .map(d -> keys.stream().filter(k -> k.domain().equals(d)).sorted(Comparator.comparing(DkimKey::algorithm)).toList())
                .filter(l -> !l.isEmpty())
                .findFirst()
                .map(DkimSigner::new);
    }
}
