package app.herald.web;

import app.herald.HeraldException;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Loads the UI message bundles ({@code messages_en.properties}, {@code messages_zh.properties},
 * UTF-8) and picks a request's language: {@code ?lang=} (remembered in a cookie), else the
 * cookie, else the browser's Accept-Language, else English.
 */
final class I18n {
    static final String COOKIE = "herald_lang";
    private static final Map<Lang, Translator> TRANSLATORS = load();

    private I18n() {
    }

    static Translator translator(Lang lang) {
        return TRANSLATORS.get(lang);
    }

    static Lang resolve(Context ctx) {
        String asked = ctx.queryParam("lang");
        if (asked != null) {
            var chosen = Lang.fromCode(asked);
            if (chosen.isPresent()) {
                Cookie cookie = new Cookie(COOKIE, chosen.get().code(), "/", 365 * 24 * 3600, false, true, null, SameSite.LAX);
                ctx.cookie(cookie);
                return chosen.get();
            }
        }
        String remembered = ctx.cookie(COOKIE);
        if (remembered != null) {
            var fromCookie = Lang.fromCode(remembered);
            if (fromCookie.isPresent()) {
                return fromCookie.get();
            }
        }
        return fromAcceptLanguage(ctx.header("Accept-Language"));
    }

    /** The first supported language in the browser's order of preference. */
    static Lang fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return Lang.EN;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException e) {
            return Lang.EN;
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() == 0) {
                continue;
            }
            String primary = range.getRange().split("-", 2)[0];
            if (primary.equals("*")) {
                return Lang.EN;
            }
            var lang = Lang.fromCode(primary);
            if (lang.isPresent()) {
                return lang.get();
            }
        }
        return Lang.EN;
    }

    static Map<String, String> strings(Lang lang) {
        String resource = "messages_" + lang.code() + ".properties";
        try (InputStream in = I18n.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new HeraldException("UI message bundle " + resource + " is missing beside " + I18n.class.getName());
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> strings = new HashMap<>();
            p.stringPropertyNames().forEach(k -> strings.put(k, p.getProperty(k)));
            return strings;
        } catch (IOException e) {
            throw new HeraldException("cannot read UI message bundle " + resource + ": " + e.getMessage(), e);
        }
    }

    private static Map<Lang, Translator> load() {
        Map<Lang, Translator> all = new EnumMap<>(Lang.class);
        for (Lang lang : Lang.values()) {
            all.put(lang, new Translator(lang, strings(lang)));
        }
        return all;
    }
}
