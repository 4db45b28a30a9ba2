package app.herald.audience;

import app.herald.InvalidInputException;
import java.util.Locale;
import java.util.Optional;

/**
 * A contact's consent to open and click tracking. {@code UNKNOWN} (never recorded) follows the
 * defaults: the contact's lists' tracking_consent_default, then the tracking.consent_default setting.
 */
public enum TrackingConsent {
    ON, OFF, UNKNOWN;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TrackingConsent fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /**
     * on/off/unknown, also yes/no, true/false, 1/0 and 是/否 as spreadsheets write them; empty for anything else.
     */
    static Optional<TrackingConsent> parse(String raw) {
        return Optional.ofNullable(switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "on", "yes", "y", "true", "1", "是" -> ON;
            case "off", "no", "n", "false", "0", "否" -> OFF;
            case "unknown", "未知" -> UNKNOWN;
            default -> null;
        });
    }

    /** Parses what an API caller sent for {@code field}; refuses anything else with the accepted values. */
    public static TrackingConsent of(String field, String raw) {
        return parse(raw == null ? "" : raw).orElseThrow(() -> new InvalidInputException(field + " must be on, off or unknown, not '"
                + raw + "'"));
    }
}
