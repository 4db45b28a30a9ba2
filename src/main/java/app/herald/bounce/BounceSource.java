package app.herald.bounce;

import java.util.Locale;

/** How a report reached Herald: its SMTP listener, a polled mailbox, or the relay's reply at send time. */
public enum BounceSource {
    SMTP, IMAP, POP3, RELAY;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
