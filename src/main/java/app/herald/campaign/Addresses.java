package app.herald.campaign;

import app.herald.InvalidInputException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Checks of e-mail addresses typed into a campaign (from, reply-to). */
final class Addresses {
    private Addresses() {
    }

    /** Accepts a bare address such as {@code news@example.com}; a display name belongs in from_name. */
    static String requireValid(String field, String value) {
        String trimmed = value.strip();
        try {
            InternetAddress parsed = new InternetAddress(trimmed, true);
            if (parsed.getPersonal() != null || !parsed.getAddress().equals(trimmed) || trimmed.indexOf('@') < 1
                    || trimmed.endsWith("@")) {
                throw new AddressException("not a bare address");
            }
            return trimmed;
        } catch (AddressException e) {
            throw new InvalidInputException(field + " '" + value + "' is not a valid e-mail address; give a bare address such as news@example.com");
        }
    }
}
