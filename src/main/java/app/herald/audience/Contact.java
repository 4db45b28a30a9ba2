package app.herald.audience;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A person Herald can mail. Optional fields are empty when no import or API call has set them. */
public record Contact(long id, String email, Optional<String> firstName, Optional<String> lastName,
                      Optional<String> company, Optional<String> country, Optional<String> language,
                      Optional<String> timezone, Map<String, String> attributes, ContactStatus status,
                      Instant createdAt, TrackingConsent trackingConsent) {
    public Contact {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(timezone, "timezone");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(trackingConsent, "trackingConsent");
    }
}
