package app.herald.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One DNS record a sending domain needs: what to publish ({@code expected}, in the record's own
 * syntax), what is published, and the verdict. {@code purpose} is SPF, DKIM, DMARC, tracking or bounces.
 */
public record RecordCheck(String purpose, String name, String type, String expected, RecordStatus status,
                          List<String> published, String note) {
    private static final int TXT_STRING = 255;

    public RecordCheck {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(status, "status");
        published = List.copyOf(published);
        Objects.requireNonNull(note, "note");
    }

    /**
     * The record as a zone-file line. TXT data longer than 255 characters is split into several
     * strings of one record (RFC 7208 3.3, RFC 6376 3.6.2.2): DNS joins them without spaces.
     */
    public String zoneLine() {
        return zoneLine(name, type, expected);
    }

    public static String zoneLine(String name, String type, String expected) {
        String data = switch (type) {
            case "TXT" -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < expected.length(); i += TXT_STRING) {
                    parts.add("\"" + expected.substring(i, Math.min(expected.length(), i + TXT_STRING)) + "\"");
                }
                yield String.join(" ", parts);
            }
            case "CNAME" -> expected + ".";
            case "MX" -> expected + ".";
            default -> expected;
        };
        return name + ". 3600 IN " + type + " " + data;
    }
}
