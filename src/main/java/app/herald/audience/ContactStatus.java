package app.herald.audience;

/** Whether a contact may be mailed. Only {@link #ACTIVE} contacts receive campaigns. */
public enum ContactStatus {
    ACTIVE, UNSUBSCRIBED, BOUNCED, COMPLAINED;

    /** From the value stored in {@code contact.status}. */
    static ContactStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
