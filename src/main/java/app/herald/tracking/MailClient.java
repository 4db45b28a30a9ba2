package app.herald.tracking;

import java.util.Objects;
import java.util.Set;

/**
 * What displayed a message: the mail client (or, for webmail, the browser), the device type
 * ({@code desktop}, {@code mobile}, {@code webmail} or {@code unknown}) and the operating system.
 * Fields that cannot be told are {@code "unknown"}, never null.
 */
public record MailClient(String client, String device, String os) {
    static final String UNKNOWN = "unknown";
    static final Set<String> DEVICES = Set.of("desktop", "mobile", "webmail", UNKNOWN);
    static final MailClient NONE = new MailClient(UNKNOWN, UNKNOWN, UNKNOWN);

    public MailClient {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(os, "os");
        if (!DEVICES.contains(device)) {
            throw new IllegalArgumentException("device must be one of " + DEVICES + ", got '" + device + "'");
        }
    }

    /** True when the agent names a mail client or browser (not a program, not nothing). */
    boolean known() {
        return !client.equals(UNKNOWN);
    }
}
