package app.herald.tracelog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event read from a message tracking log: where it was read (file name, line, byte offset)
 * and its fields. A field the file's layout lacks is absent; a present but empty one is "".
 */
public record LogRecord(String file, long line, long offset, Instant timestamp, Map<RecordField, String> fields) {
    public LogRecord {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(fields, "fields");
        fields = fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(fields));
    }

    /** The field's value, "" when empty or absent from this file's layout. */
    public String get(RecordField field) {
        return fields.getOrDefault(field, "");
    }

    public boolean has(RecordField field) {
        return fields.containsKey(field);
    }

    public String eventId() {
        return get(RecordField.EVENT_ID);
    }

    public String source() {
        return get(RecordField.SOURCE);
    }

    public String sender() {
        return get(RecordField.SENDER_ADDRESS);
    }

    /** recipient-address split at ';' (Exchange's separator for several recipients). */
    public List<String> recipients() {
        return split(get(RecordField.RECIPIENT_ADDRESS));
    }

    /** recipient-status, one entry per recipient in the same order. */
    public List<String> recipientStatuses() {
        return split(get(RecordField.RECIPIENT_STATUS));
    }

    /** custom-data as Get-MessageTrackingLog's EventData: key-value pairs, the type prefix ({@code S:}) removed. */
    public List<Map.Entry<String, String>> eventData() {
        return EventData.parse(get(RecordField.CUSTOM_DATA));
    }

    static List<String> split(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        for (String p : value.split(";", -1)) {
            String t = p.strip();
            if (!t.isEmpty()) {
                parts.add(percentDecoded(t));
            }
        }
        return List.copyOf(parts);
    }

    /**
     * Undoes the writer's escaping of ';', '=', '%' and control characters inside multi-valued
     * fields ({@code %3B} is ';'). Only {@code %} followed by two hex digits of an ASCII character
     * is decoded, so a literal '%' in a foreign log survives.
     */
    static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && hi < 8 && lo >= 0) {
                out.append((char) (hi * 16 + lo));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
