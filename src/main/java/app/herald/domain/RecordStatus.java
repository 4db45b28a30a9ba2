package app.herald.domain;

/** How a published DNS record compares with what Herald expects. */
public enum RecordStatus {
    /** Published as expected (or in an equivalent form). */
    OK,
    /** Nothing published at that name. */
    MISSING,
    /** Something else published there; the check shows what. */
    DIFFERENT,
    /** The DNS server could not be asked or answered with an error. */
    ERROR
}
