package app.herald.audience;

import java.util.Locale;

/** Why an entry is on the suppression list: a hard or repeated soft bounce, a complaint, or an admin. */
public enum SuppressionSource {
    BOUNCE, COMPLAINT, MANUAL;

    /** The value stored in {@code suppression.source} and shown in the API. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SuppressionSource fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
