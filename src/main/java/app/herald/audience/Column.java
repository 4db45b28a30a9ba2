package app.herald.audience;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The contact fields a CSV header can name, each with the header names accepted for it. Names are
 * compared after {@link #normalize}: case-insensitively and ignoring spaces, '_', '-' and '.', so
 * "E-Mail", "First Name" and "first_name" all match. Chinese names are accepted because Herald's
 * first users export their customer lists from Chinese spreadsheets.
 */
enum Column {
    EMAIL("email", "e-mail", "mail", "email address", "邮箱", "电子邮件", "电子邮箱", "邮件地址"),
    FIRST_NAME("first_name", "first name", "given name", "名", "名字"),
    LAST_NAME("last_name", "last name", "surname", "family name", "姓", "姓氏"),
    COMPANY("company", "company name", "organization", "organisation", "公司", "公司名称"),
    COUNTRY("country", "国家"),
    LANGUAGE("language", "lang", "语言"),
    TIMEZONE("timezone", "time zone", "tz", "时区"),
    TRACKING_CONSENT("tracking_consent", "tracking consent", "consent", "追踪同意", "跟踪同意");

    private static final Map<String, Column> BY_NAME = new HashMap<>();

    static {
        for (Column c : values()) {
            for (String name : c.names) {
                BY_NAME.put(normalize(name), c);
            }
        }
    }

    private final List<String> names;

    Column(String... names) {
        this.names = List.of(names);
    }

    List<String> acceptedNames() {
        return names;
    }

    static Optional<Column> forHeader(String name) {
        return Optional.ofNullable(BY_NAME.get(normalize(name)));
    }

    static String normalize(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c != ' ' && c != '_' && c != '-' && c != '.') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
