package app.herald.web;

import java.util.Locale;
import java.util.Optional;

/** The admin UI's languages; each is named in itself in the language switch. */
public enum Lang {
    EN("en", "English", Locale.ENGLISH),
    ZH("zh", "简体中文", Locale.SIMPLIFIED_CHINESE);

    private final String code;
    private final String label;
    private final Locale locale;

    Lang(String code, String label, Locale locale) {
        this.code = code;
        this.label = label;
        this.locale = locale;
    }

    /** The value of {@code ?lang=} and of the language cookie. */
    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** For the {@code lang} attribute of the page. */
    public String tag() {
        return locale.toLanguageTag();
    }

    public Locale locale() {
        return locale;
    }

    static Optional<Lang> fromCode(String code) {
        for (Lang l : values()) {
            if (l.code.equalsIgnoreCase(code)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
