package app.herald.bounce;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The header-like fields of a machine-readable report part (RFC 3464 delivery-status, RFC 5965
 * feedback-report, RFC 8098 disposition-notification): groups separated by empty lines, each a
 * set of "Name: value" fields with folded continuation lines. Names are kept lower-case.
 */
final class ReportFields {
    private ReportFields() {
    }

    static List<Map<String, String>> groups(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
        List<Map<String, String>> groups = new ArrayList<>();
        for (String block : text.split("\n[ \t]*\n")) {
            Map<String, String> fields = fields(block);
            if (!fields.isEmpty()) {
                groups.add(fields);
            }
        }
        return groups;
    }

    /** All groups' fields in one map, the first value of a name winning (feedback reports are one group). */
    static Map<String, String> merged(byte[] content) {
        Map<String, String> all = new LinkedHashMap<>();
        groups(content).forEach(g -> g.forEach(all::putIfAbsent));
        return all;
    }

    private static Map<String, String> fields(String block) {
        Map<String, String> fields = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : block.split("\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) {
                fields.putIfAbsent(name, value.toString().strip());
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).isBlank() || line.substring(0, colon).contains(" ")) {
                name = null;
                continue;
            }
            name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(line.substring(colon + 1));
        }
        if (name != null) {
            fields.putIfAbsent(name, value.toString().strip());
        }
        return fields;
    }

    /** A field's value without its type ({@code rfc822; ana@example.com} is {@code ana@example.com}). */
    static Optional<String> typed(Map<String, String> fields, String name) {
        return Optional.ofNullable(fields.get(name)).map(v -> {
            int semicolon = v.indexOf(';');
            return semicolon >= 0 ? v.substring(semicolon + 1).strip() : v.strip();
        }).filter(v -> !v.isEmpty());
    }

    /** An address field: without its type, angle brackets or a trailing comment. */
    static Optional<String> address(Map<String, String> fields, String name) {
        return typed(fields, name).map(v -> v.replaceAll("\\s*\\(.*\\)\\s*$", "").replaceAll("^<|>$", "").strip())
                .filter(v -> !v.isEmpty());
    }

    static Optional<String> plain(Map<String, String> fields, String name) {
        return Optional.ofNullable(fields.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
