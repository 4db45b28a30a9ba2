package app.herald.campaign;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The person a message is personalised for: the contact's fields as templates see them. */
public record Recipient(String email, Optional<String> firstName, Optional<String> lastName, Optional<String> company,
                        Optional<String> country, Optional<String> language, Optional<String> timezone,
                        Map<String, Object> attributes) {
    public Recipient {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(timezone, "timezone");
        // attribute values may be JSON null, which Map.copyOf rejects
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(attributes, "attributes")));
    }

    /** A recipient known only by address (a test send to someone who is not a contact). */
    public static Recipient onlyEmail(String email) {
        return new Recipient(email, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of());
    }

    Map<String, Object> templateContext(String unsubscribeUrl) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("email", email);
        firstName.ifPresent(v -> context.put("first_name", v));
        lastName.ifPresent(v -> context.put("last_name", v));
        company.ifPresent(v -> context.put("company", v));
        country.ifPresent(v -> context.put("country", v));
        language.ifPresent(v -> context.put("language", v));
        timezone.ifPresent(v -> context.put("timezone", v));
        context.put("attributes", attributes);
        context.put("unsubscribe_url", unsubscribeUrl);
        return context;
    }
}
