package app.herald.web;

import java.text.MessageFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The UI strings of one language. A string with arguments is a {@link MessageFormat} pattern, so
 * its apostrophes are doubled in the bundle; strings without arguments are used as written.
 */
public final class Translator {
    private final Lang lang;
    private final Map<String, String> strings;

    Translator(Lang lang, Map<String, String> strings) {
        this.lang = Objects.requireNonNull(lang, "lang");
        this.strings = Map.copyOf(strings);
    }

    public Lang lang() {
        return lang;
    }

    /** The string for {@code key}; a key missing from the bundle shows as itself (I18nTest keeps that from happening). */
    public String get(String key, Object... args) {
        String pattern = strings.get(key);
        if (pattern == null) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, lang.locale()).format(args);
    }

    public boolean has(String key) {
        return strings.containsKey(key);
    }
}
