package app.herald.cli;

import app.herald.tracelog.ExchangeProperties;
import app.herald.tracelog.LogRecord;
import app.herald.tracelog.RecordField;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Tracking log records as text: Exchange's default table, or CSV with every property. */
final class TraceOutput {
    /** Widest a table cell gets before it is cut with "...", as PowerShell's Format-Table cuts. */
    private static final int MAX_CELL = 40;

    private TraceOutput() {
    }

    static void table(PrintWriter out, List<LogRecord> records) {
        List<String> columns = ExchangeProperties.TABLE_COLUMNS;
        List<RecordField> fields = ExchangeProperties.TABLE_FIELDS;
        List<List<String>> rows = new ArrayList<>();
        for (LogRecord r : records) {
            // only the six columns: a record's whole property map (EventData parsed into pairs)
            // cost a cold CLI JVM more than the search
            List<String> row = new ArrayList<>(fields.size());
            for (RecordField f : fields) {
                row.add(cell(ExchangeProperties.property(r, f)));
            }
            rows.add(row);
        }
        int[] width = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            width[c] = columns.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        printRow(out, columns, width);
        printRow(out, columns.stream().map(c -> "-".repeat(c.length())).toList(), width);
        rows.forEach(r -> printRow(out, r, width));
    }

    /**
     * Every property as CSV, encoded straight into {@code out}: a thousand records are about 400 kB,
     * and in the CLI's JVM, which has compiled nothing yet, building each line as a String and
     * encoding it again through a Writer cost more than finding the records.
     */
    static void csv(OutputStream out, Charset charset, List<LogRecord> records) throws IOException {
        List<RecordField> fields = ExchangeProperties.fields(records);
        CsvBytes b = new CsvBytes(out, charset);
        for (int i = 0; i < fields.size(); i++) {
            b.value(i, fields.get(i).property());
        }
        b.endLine();
        for (LogRecord r : records) {
            for (int i = 0; i < fields.size(); i++) {
                b.value(i, ExchangeProperties.text(r, fields.get(i)));
            }
            b.endLine();
        }
        b.flush();
    }

    /** CSV lines as bytes in a buffer that is written out whenever it fills. */
    private static final class CsvBytes {
        private final OutputStream out;
        private final Charset charset;
        private final byte[] buf = new byte[64 << 10];
        private int n;

        CsvBytes(OutputStream out, Charset charset) {
            this.out = out;
            this.charset = charset;
        }

        /** RFC 4180: quoted when needed, quotes doubled. */
        void value(int column, String v) throws IOException {
            if (column > 0) {
                put((byte) ',');
            }
            boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
            if (quote) {
                put((byte) '"');
                put(v.replace("\"", "\"\"").getBytes(charset));
                put((byte) '"');
            } else if (!v.isEmpty()) {
                put(v.getBytes(charset));
            }
        }

        void endLine() throws IOException {
            put((byte) '\r');
            put((byte) '\n');
        }

        private void put(byte c) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = c;
        }

        private void put(byte[] bytes) throws IOException {
            if (bytes.length > buf.length - n) {
                flush();
                if (bytes.length > buf.length) {
                    out.write(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buf, n, bytes.length);
            n += bytes.length;
        }

        void flush() throws IOException {
            out.write(buf, 0, n);
            n = 0;
            out.flush();
        }
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(i == cells.size() - 1 ? cells.get(i) : pad(cells.get(i), width[i]));
        }
        out.println(b.toString().stripTrailing());
    }

    private static String cell(Object v) {
        String s;
        if (v == null) {
            s = "";
        } else if (v instanceof List<?> l) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            for (Object o : l) {
                j.add(String.valueOf(o));
            }
            s = j.toString();
        } else {
            s = v.toString();
        }
        s = s.replace('\r', ' ').replace('\n', ' ');
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 3) + "..." : s;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
