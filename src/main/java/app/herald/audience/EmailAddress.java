package app.herald.audience;

import java.util.Optional;

/**
 * Decides whether a value is an address Herald will mail. The rule is simple on purpose, so that
 * every rejection can be explained in one phrase; it accepts what real mailboxes use and rejects
 * typos, display forms ({@code Bob <bob@example.com>}) and lists of addresses. The value (already
 * trimmed) must have
 * <ul>
 *   <li>at most 254 characters, exactly one {@code @}, no whitespace or control characters;</li>
 *   <li>a local part (before the {@code @}) of 1 to 64 characters, without a dot at its start or
 *       end, without {@code ..}, and without {@code ( ) < > [ ] , ; : \ "} (quoted local parts are
 *       legal but unused in practice and usually a sign of a pasted display form);</li>
 *   <li>a domain of at least two dot-separated labels, each 1 to 63 letters (any script, so
 *       internationalised domains pass), digits or hyphens, none starting or ending with a hyphen,
 *       the last at least two characters and not all digits (so {@code user@[1.2.3.4]} and
 *       {@code user@localhost} are rejected).</li>
 * </ul>
 */
final class EmailAddress {
    private static final String LOCAL_FORBIDDEN = "()<>[],;:\\\"";

    private EmailAddress() {
    }

    /** Why {@code address} is not acceptable, or empty when it is. */
    static Optional<String> problem(String address) {
        if (address.length() > 254) {
            return Optional.of("is longer than 254 characters");
        }
        int at = address.indexOf('@');
        if (at < 0) {
            return Optional.of("has no @");
        }
        if (address.indexOf('@', at + 1) >= 0) {
            return Optional.of("has more than one @");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                return Optional.of("contains a space or control character");
            }
        }
        return localPartProblem(address.substring(0, at)).or(() -> domainProblem(address.substring(at + 1)));
    }

    private static Optional<String> localPartProblem(String local) {
        if (local.isEmpty()) {
            return Optional.of("has nothing before the @");
        }
        if (local.length() > 64) {
            return Optional.of("has more than 64 characters before the @");
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return Optional.of("has a misplaced dot before the @");
        }
        for (int i = 0; i < local.length(); i++) {
            if (LOCAL_FORBIDDEN.indexOf(local.charAt(i)) >= 0) {
                return Optional.of("contains '" + local.charAt(i) + "' before the @");
            }
        }
        return Optional.empty();
    }

    /** Why {@code domain} (the part after an @) is not acceptable, or empty when it is. */
    static Optional<String> domainProblem(String domain) {
        if (domain.isEmpty()) {
            return Optional.of("has no domain after the @");
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("has a domain without a dot");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return Optional.of("has an empty part in its domain (two dots, or a dot at its start or end)");
            }
            if (label.length() > 63) {
                return Optional.of("has a domain part longer than 63 characters");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("has a domain part starting or ending with '-'");
            }
            int bad = label.codePoints().filter(cp -> cp != '-' && !Character.isLetterOrDigit(cp)).findFirst().orElse(-1);
            if (bad >= 0) {
                return Optional.of("contains '" + Character.toString(bad) + "' in its domain");
            }
        }
        String top = labels[labels.length - 1];
        if (top.length() < 2 || top.chars().allMatch(Character::isDigit)) {
            return Optional.of("has no valid top-level domain");
        }
        return Optional.empty();
    }
}
