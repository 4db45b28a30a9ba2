package app.herald.tracelog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record as Get-MessageTrackingLog shows it: Exchange's property names in Exchange's order,
 * Recipients and RecipientStatus as lists, TotalBytes and RecipientCount as numbers, EventData as
 * a list of {Key, Value} pairs. Empty fields are null; TransportTrafficType, LogId and
 * SchemaVersion appear only for records from files that have them.
 */
public final class ExchangeProperties {
    /** Get-MessageTrackingLog's default table columns. */
    public static final List<String> TABLE_COLUMNS = List.of("Timestamp", "EventId", "Source", "Sender", "Recipients", "MessageSubject");
    /** The fields behind {@link #TABLE_COLUMNS}, in the same order. */
    public static final List<RecordField> TABLE_FIELDS = List.of(RecordField.DATE_TIME, RecordField.EVENT_ID, RecordField.SOURCE,
            RecordField.SENDER_ADDRESS, RecordField.RECIPIENT_ADDRESS, RecordField.MESSAGE_SUBJECT);
    private static final List<RecordField> ONLY_WHEN_PRESENT = List.of(RecordField.TRANSPORT_TRAFFIC_TYPE, RecordField.LOG_ID,
            RecordField.SCHEMA_VERSION);

    private ExchangeProperties() {
    }

    public static Map<String, Object> of(LogRecord r) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (RecordField f : RecordField.values()) {
            if (ONLY_WHEN_PRESENT.contains(f) && !r.has(f)) {
                continue;
            }
            p.put(f.property(), property(r, f));
        }
        return p;
    }

    /** The property names of these records, in order: the 27 of Exchange 2013 and any 2016 extras present. */
    public static List<String> names(List<LogRecord> records) {
        return fields(records).stream().map(RecordField::property).toList();
    }

    /** The fields behind {@link #names}, in the same order. */
    public static List<RecordField> fields(List<LogRecord> records) {
        List<RecordField> fields = new ArrayList<>();
        for (RecordField f : RecordField.values()) {
            if (!ONLY_WHEN_PRESENT.contains(f) || records.stream().anyMatch(r -> r.has(f))) {
                fields.add(f);
            }
        }
        return fields;
    }

    /**
     * A property as one line of CSV text, without building the record's property map (the CLI
     * prints a thousand records in a JVM that has not compiled anything yet): lists joined with
     * ';', numbers as numbers, EventData as the log has it, an empty field as "".
     */
    public static String text(LogRecord r, RecordField f) {
        return switch (f) {
            case DATE_TIME -> timestamp(r.timestamp());
            case RECIPIENT_ADDRESS -> String.join(";", r.recipients());
            case RECIPIENT_STATUS -> String.join(";", r.recipientStatuses());
            case TOTAL_BYTES, RECIPIENT_COUNT -> {
                Object n = number(r.get(f));
                yield n == null ? "" : n.toString();
            }
            default -> r.get(f);
        };
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.fffZ} in UTC, as the log writes it. */
    public static String timestamp(Instant t) {
        return LogLine.timestamp(t);
    }

    /** One property of {@link #of}, without building the others. */
    public static Object property(LogRecord r, RecordField f) {
        return switch (f) {
            case DATE_TIME -> timestamp(r.timestamp());
            case RECIPIENT_ADDRESS -> r.recipients();
            case RECIPIENT_STATUS -> r.recipientStatuses();
            case TOTAL_BYTES, RECIPIENT_COUNT -> number(r.get(f));
            case CUSTOM_DATA -> r.eventData().stream().map(e -> {
                Map<String, String> kv = new LinkedHashMap<>();
                kv.put("Key", e.getKey());
                kv.put("Value", e.getValue());
                return kv;
            }).toList();
            default -> r.get(f).isEmpty() ? null : r.get(f);
        };
    }

    private static Object number(String v) {
        try {
            return v.isBlank() ? null : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
