package app.herald.audience;

import java.util.Map;
import java.util.Objects;

/**
 * One accepted CSV row on its way into the database. A null field is a blank cell: it keeps
 * whatever the contact already has. {@code line} orders rows of the same address (later wins).
 */
record ContactRow(long line, String email, String firstName, String lastName, String company,
                  String country, String language, String timezone, Map<String, String> attributes,
                  TrackingConsent trackingConsent) {
    ContactRow {
        Objects.requireNonNull(email, "email");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }
}
