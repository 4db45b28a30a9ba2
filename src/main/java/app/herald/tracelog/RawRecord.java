package app.herald.tracelog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The record the reader is looking at, as offsets into its buffer. Valid only during the
 * {@link LogReader.Sink#record} call that receives it; {@link #toRecord} copies it out.
 */
final class RawRecord {
    private static final RecordField[] FIELDS = RecordField.values();

    byte[] buf;
    CsvTokenizer tokens;
    ColumnMap columns;
    String file;
    long offset;
    long line;
    long time;

    /** Byte start of the field's value, or -1 when the layout lacks the field. */
    int start(RecordField field) {
        int c = columns.column(field);
        return c < 0 ? -1 : tokens.start(c);
    }

    int end(RecordField field) {
        return tokens.end(columns.column(field));
    }

    /** Whether the field is quoted with doubled quotes inside, so its bytes are not its value. */
    boolean escaped(RecordField field) {
        int c = columns.column(field);
        return c >= 0 && tokens.escaped(c);
    }

    String string(RecordField field) {
        int c = columns.column(field);
        return c < 0 ? "" : string(c);
    }

    private String string(int column) {
        int s = tokens.start(column);
        String v = new String(buf, s, tokens.end(column) - s, StandardCharsets.UTF_8);
        return tokens.escaped(column) ? v.replace("\"\"", "\"") : v;
    }

    LogRecord toRecord() {
        Map<RecordField, String> values = new EnumMap<>(RecordField.class);
        for (RecordField f : FIELDS) {
            int c = columns.column(f);
            if (c >= 0) {
                values.put(f, string(c));
            }
        }
        return new LogRecord(file, line, offset, Instant.ofEpochMilli(time), values);
    }
}
