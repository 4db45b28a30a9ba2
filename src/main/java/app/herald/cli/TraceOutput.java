package app.herald.cli;

import app.herald.tracelog.ExchangeProperties;
import app.herald.tracelog.LogRecord;
import app.herald.tracelog.RecordField;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tracking log records as text: Exchange's default table, or CSV with every property. */
final class TraceOutput {
    /** Widest a table cell gets before it is cut with "...", as PowerShell's Format-Table cuts. */
    private static final int MAX_CELL = 40;

    private TraceOutput() {
    }

    static void table(PrintWriter out, List<LogRecord> records) {
        List<String> columns = ExchangeProperties.TABLE_COLUMNS;
        List<List<String>> rows = new ArrayList<>();
        for (LogRecord r : records) {
            Map<String, Object> p = ExchangeProperties.of(r);
            rows.add(columns.stream().map(c -> cell(p.get(c))).toList());
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

    static void csv(PrintWriter out, List<LogRecord> records) {
        List<RecordField> fields = ExchangeProperties.fields(records);
        out.print(csvLine(fields.stream().map(RecordField::property).toList()));
        List<String> values = new ArrayList<>(fields.size());
        for (LogRecord r : records) {
            values.clear();
            for (RecordField f : fields) {
                values.add(ExchangeProperties.text(r, f));
            }
            out.print(csvLine(values));
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
            s = "{" + String.join(", ", l.stream().map(String::valueOf).toList()) + "}";
        } else {
            s = v.toString();
        }
        s = s.replace('\r', ' ').replace('\n', ' ');
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 3) + "..." : s;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** RFC 4180: quoted when needed, quotes doubled, CRLF line ends. */
    static String csvLine(List<String> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String v = values.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                b.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                b.append(v);
            }
        }
        return b.append("\r\n").toString();
    }
}
