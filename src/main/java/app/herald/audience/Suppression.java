package app.herald.audience;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry of the suppression list: one address, or a whole domain (that exact domain, not its
 * subdomains). Exactly one of {@code address} and {@code domain} is present, lower-case, except for
 * an erased person ({@link SuppressionSource#ERASURE}): only a keyed hash of the address is stored, so neither is.
 */
public record Suppression(long id, Optional<String> address, Optional<String> domain, String reason,
                          SuppressionSource source, Instant createdAt) {
    public Suppression {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(source, "source");
        if (source == SuppressionSource.ERASURE ? address.isPresent() || domain.isPresent() : address.isPresent() == domain.isPresent()) {
            throw new IllegalArgumentException("a suppression names an address or a domain, not " + (address.isPresent() ? "both" : "neither"));
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The address, the domain as {@code @example.com}, or for an erased person a placeholder (the address is not stored). */
    public String entry() {
        if (source == SuppressionSource.ERASURE) {
            return "(erased address)";
        }
        return address.orElseGet(() -> "@" + domain.orElseThrow());
    }

    /** What {@link Audience#suppress} did: added the entry, or found it already there (then unchanged). */
    public record Added(Suppression suppression, boolean isNew) {
        public Added {
            Objects.requireNonNull(suppression, "suppression");
        }
    }
}
