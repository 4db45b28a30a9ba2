package app.herald.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * What every UI template gets: the language's strings, the signed-in user (empty on the sign-in
 * page), the CSRF token that each POST form must carry as {@code csrf}, and what the navigation
 * shows. Templates call {@code page.t("key")} for every string they show.
 */
public record Page(Translator translator, Optional<Users.User> user, String csrf, boolean inboxEnabled, String path) {
    /** The form field that carries the CSRF token. */
    public static final String CSRF_FIELD = "csrf";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    public Page {
        Objects.requireNonNull(translator, "translator");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(csrf, "csrf");
        Objects.requireNonNull(path, "path");
    }

    public String t(String key, Object... args) {
        return translator.get(key, args);
    }

    /** The translation of {@code prefix + value}, or the value itself when the bundle has none (e.g. a new status). */
    public String tOr(String prefix, String value) {
        return translator.has(prefix + value) ? translator.get(prefix + value) : value;
    }

    public Lang lang() {
        return translator.lang();
    }

    public boolean signedIn() {
        return user.isPresent();
    }

    /** A time in the server's zone, to the second. */
    public String time(Instant instant) {
        return TIME.format(instant);
    }

    /** Whether the navigation link to {@code section} is the current one ("/" only matches itself). */
    public boolean at(String section) {
        return section.equals("/") ? path.equals("/") : path.equals(section) || path.startsWith(section + "/");
    }

    public Lang[] languages() {
        return Lang.values();
    }
}
