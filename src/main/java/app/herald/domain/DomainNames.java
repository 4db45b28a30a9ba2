package app.herald.domain;

import app.herald.InvalidInputException;
import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validates domain names and selectors where they come in (CLI, API), so that the rest can trust them. */
public final class DomainNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

    private DomainNames() {
    }

    /**
     * The domain in lower case, internationalised names as their ASCII (punycode) form, without a
     * final dot. {@code what} names the input in the error message.
     */
    public static String domain(String raw, String what) {
        String d = raw == null ? "" : raw.strip();
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        try {
            d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(raw, what, e.getMessage());
        }
        if (d.length() > 253 || !d.contains(".")) {
            throw invalid(raw, what, "a domain has at least two labels and at most 253 characters");
        }
        for (String label : d.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid(raw, what, "label '" + label + "' must be 1 to 63 letters, digits or inner hyphens");
            }
        }
        return d;
    }

    /** A DKIM selector: one or more DNS labels. */
    public static String selector(String raw) {
        String s = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (!SELECTOR.matcher(s).matches() || s.length() > 63) {
            throw new InvalidInputException("'" + raw + "' is not a valid DKIM selector: use letters, digits and inner hyphens, "
                    + "e.g. herald202604 (at most 63 characters)");
        }
        return s;
    }

    private static InvalidInputException invalid(String raw, String what, String why) {
        return new InvalidInputException("'" + raw + "' is not a valid " + what + ": " + why + "; give a name such as news.example.com");
    }
}
