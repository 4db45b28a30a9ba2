package app.herald.audience;

import java.util.Locale;

/**
 * Why an entry is on the suppression list: a hard or repeated soft bounce, a complaint, an admin, or
 * the erasure of a contact (then only a keyed hash of the address is kept).
 */
public enum SuppressionSource {
    BOUNCE, COMPLAINT, MANUAL, ERASURE;

    /** The value stored in {@code suppression.source} and shown in the API. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SuppressionSource fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
