package app.herald.domain;

/**
 * Where a key is in its life. A new key of a domain that already signs with that algorithm starts
 * pending, so that its DNS record can be published before any mail depends on it; activating it
 * retires the key it replaces.
 */
public enum KeyStatus {
    /** Generated, not used for signing yet: publish its record, then activate it. */
    PENDING,
    /** Signs the domain's mail (at most one per algorithm). */
    ACTIVE,
    /** No longer signs; keep its record published a few days for mail still in transit. */
    RETIRED
}
