package app.herald.audience;

import app.herald.InvalidInputException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each column of a CSV file holds: a known contact field, a free attribute (keyed by the
 * header name as written, trimmed), or nothing (a column with a blank header, as spreadsheets leave
 * after the last used column).
 */
final class Header {
    private final int size;
    private final EnumMap<Column, Integer> known;
    private final Map<String, Integer> attributes;

    private Header(int size, EnumMap<Column, Integer> known, Map<String, Integer> attributes) {
        this.size = size;
        this.known = known;
        this.attributes = attributes;
    }

    /** Maps a header row; refuses one without an e-mail column or with a column named twice. */
    static Header of(long line, List<String> names) {
        EnumMap<Column, Integer> known = new EnumMap<>(Column.class);
        Map<String, Integer> attributes = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            Optional<Column> column = Column.forHeader(name);
            String key = column.map(Column::name).orElse("attribute:" + name);
            Integer earlier = seen.putIfAbsent(key, i);
            if (earlier != null) {
                throw new InvalidInputException("the CSV header (line " + line + ") names the same column twice: column "
                        + (earlier + 1) + " '" + names.get(earlier).strip() + "' and column " + (i + 1) + " '" + name
                        + "'; rename or remove one of them");
            }
            if (column.isPresent()) {
                known.put(column.get(), i);
            } else {
                attributes.put(name, i);
            }
        }
        if (!known.containsKey(Column.EMAIL)) {
            throw new InvalidInputException(noEmailMessage(line, names));
        }
        return new Header(names.size(), known, attributes);
    }

    private static String noEmailMessage(long line, List<String> names) {
        String accepted = String.join(", ", Column.EMAIL.acceptedNames());
        if (names.stream().anyMatch(n -> n.contains("@"))) {
            return "the CSV file has no header: line " + line + " looks like data, but the first line must name the columns,"
                    + " e.g. email,first_name,last_name (the e-mail column may be called " + accepted + ")";
        }
        return "the CSV header (line " + line + ") has no e-mail column: found " + names
                + "; name the column with the addresses one of: " + accepted;
    }

    int size() {
        return size;
    }

    /** The row's values by column; blank cells become null (keep the stored value). */
    ContactRow row(long line, List<String> values) {
        Map<String, String> attrs = new HashMap<>();
        attributes.forEach((name, index) -> {
            String v = values.get(index).strip();
            if (!v.isEmpty()) {
                attrs.put(name, v);
            }
        });
        String email = values.get(known.get(Column.EMAIL)).strip();
        return new ContactRow(line, email, value(values, Column.FIRST_NAME), value(values, Column.LAST_NAME),
                value(values, Column.COMPANY), value(values, Column.COUNTRY), value(values, Column.LANGUAGE),
                value(values, Column.TIMEZONE), attrs, null);
    }

    /** The raw consent cell, or null when blank or there is no such column (keep what is recorded). */
    String consentCell(List<String> values) {
        return value(values, Column.TRACKING_CONSENT);
    }

    private String value(List<String> values, Column column) {
        Integer index = known.get(column);
        if (index == null) {
            return null;
        }
        String v = values.get(index).strip();
        return v.isEmpty() ? null : v;
    }
}
