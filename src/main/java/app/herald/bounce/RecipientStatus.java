package app.herald.bounce;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a delivery report says about one recipient: the per-recipient fields of an RFC 3464 DSN,
 * or what a text bounce says in its own words.
 */
record RecipientStatus(String recipient, Action action, Optional<String> status, Optional<String> diagnostic,
                       Optional<String> remoteMta) {
    RecipientStatus {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(diagnostic, "diagnostic");
        Objects.requireNonNull(remoteMta, "remoteMta");
    }

    /** The DSN Action values of RFC 3464 section 2.3.3. */
    enum Action {
        FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED;

        String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The action a DSN names; an unknown or missing one is inferred from the status class. */
        static Action of(Optional<String> action, Optional<String> status) {
            String a = action.map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse("");
            for (Action x : values()) {
                if (a.startsWith(x.dbName())) {
                    return x;
                }
            }
            return status.filter(s -> s.startsWith("4")).isPresent() ? DELAYED
                    : status.filter(s -> s.startsWith("2")).isPresent() ? DELIVERED : FAILED;
        }
    }
}
