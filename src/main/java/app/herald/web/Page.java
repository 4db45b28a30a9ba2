package app.herald.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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

    /** Every time in the UI is UTC and says so: admins of one Herald may sit in several zones. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String NO_TIME = "—";

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

    /** A time in UTC, to the second, with the zone shown; a dash for a time that has not happened (null). */
    public String time(Instant instant) {
        return instant == null ? NO_TIME : TIME.format(instant);
    }

    /** A count with the language's digit grouping (1,234). */
    public String number(long n) {
        return NumberFormat.getIntegerInstance(translator.lang().locale()).format(n);
    }

    /** A length of time to the minute (to the second under an hour): 2 h 05 min, 4 min 10 s, 12 s. */
    public String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? t("duration.hours", s / 3600, String.format(Locale.ROOT, "%02d", s / 60 % 60))
                : s >= 60 ? t("duration.minutes", s / 60, String.format(Locale.ROOT, "%02d", s % 60)) : t("duration.seconds", s);
    }

    /** A rate between 0 and 1 as a percentage with at most one decimal (66.7%). */
    public String percent(double rate) {
        NumberFormat f = NumberFormat.getPercentInstance(translator.lang().locale());
        f.setMaximumFractionDigits(1);
        return f.format(rate);
    }

    /** A value for a URL query parameter; the template still escapes the whole URL for its attribute. */
    public String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Whether the navigation link to {@code section} is the current one ("/" only matches itself). */
    public boolean at(String section) {
        return section.equals("/") ? path.equals("/") : path.equals(section) || path.startsWith(section + "/");
    }

    public Lang[] languages() {
        return Lang.values();
    }
}
