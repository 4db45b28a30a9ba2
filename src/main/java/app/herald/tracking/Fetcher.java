package app.herald.tracking;

import java.util.Objects;
import java.util.Optional;

/**
 * Who fetched a tracking URL when the data files know it (by network or by user agent): a name for
 * the evidence, and its kind: a machine kind, or {@value #MAIL_PROXY} for a mailbox provider's image
 * proxy that fetches when the person opens the message (Gmail, Yahoo), whose opens are the person's.
 */
record Fetcher(String name, String kind) {
    static final String MAIL_PROXY = "mail_proxy";

    Fetcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!kind.equals(MAIL_PROXY) && MachineKind.find(kind).isEmpty()) {
            throw new IllegalArgumentException("unknown fetcher kind '" + kind + "': use " + MAIL_PROXY
                    + ", privacy_proxy_prefetch, security_scanner, link_checker or unknown_bot");
        }
    }

    boolean mailProxy() {
        return kind.equals(MAIL_PROXY);
    }

    /** The machine kind, empty for a mail proxy. */
    Optional<MachineKind> machineKind() {
        return MachineKind.find(kind);
    }
}
