package app.herald.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The privacy settings of open and click tracking (docs/tracking-and-privacy.md):
 * {@code ipStorage} how much of a hit's address is kept; {@code retention} how long per-person
 * events are kept (empty: for ever); {@code consentDefault} whether a contact whose consent is
 * unknown, on lists that set no default, is tracked.
 */
public record TrackingPrivacyConfig(IpStorage ipStorage, Optional<Duration> retention, boolean consentDefault) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(365);
    static final String IP_STORAGE = "tracking.ip_storage";
    static final String RETENTION = "tracking.retention";
    static final String CONSENT_DEFAULT = "tracking.consent_default";
    static final Set<String> KEYS = Set.of(IP_STORAGE, RETENTION, CONSENT_DEFAULT);

    public TrackingPrivacyConfig {
        Objects.requireNonNull(ipStorage, "ipStorage");
        Objects.requireNonNull(retention, "retention");
    }

    /** Truncated addresses, events kept 365 days, unknown consent tracked. */
    public static TrackingPrivacyConfig defaults() {
        return new TrackingPrivacyConfig(IpStorage.TRUNCATED, Optional.of(DEFAULT_RETENTION), true);
    }

    static TrackingPrivacyConfig from(Settings s) {
        IpStorage ip = IpStorage.TRUNCATED;
        Optional<String> rawIp = s.find(IP_STORAGE);
        if (rawIp.isPresent()) {
            try {
                ip = IpStorage.of(rawIp.get());
            } catch (IllegalArgumentException e) {
                throw Settings.invalid(IP_STORAGE, rawIp.get(), e.getMessage());
            }
        }
        Optional<Duration> retention = Optional.of(DEFAULT_RETENTION);
        Optional<String> rawRetention = s.find(RETENTION);
        if (rawRetention.isPresent()) {
            try {
                retention = rawRetention.get().equalsIgnoreCase("off") ? Optional.empty() : Quantities.timeSpan(rawRetention.get());
            } catch (IllegalArgumentException e) {
                throw Settings.invalid(RETENTION, rawRetention.get(), e.getMessage() + " (or off to keep events for ever)");
            }
        }
        Optional<String> rawConsent = s.find(CONSENT_DEFAULT);
        boolean consent = true;
        if (rawConsent.isPresent()) {
            consent = switch (rawConsent.get().toLowerCase(java.util.Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw Settings.invalid(CONSENT_DEFAULT, rawConsent.get(),
                        "must be on (track contacts whose consent is unknown) or off (do not)");
            };
        }
        return new TrackingPrivacyConfig(ip, retention, consent);
    }
}
