package app.herald.tracelog;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads back what the writer wrote, independently of it: FastCSV parses each file, the columns come
 * from the file's own {@code #Fields:} line, and multi-valued and custom-data fields are split and
 * percent-decoded as docs/message-tracking-log.md tells readers to.
 */
public final class WrittenLog {
    /** One line of one file, by field name. */
    public record Row(String file, Map<String, String> fields) {
        public String get(String name) {
            return fields.get(name);
        }

        public String eventId() {
            return get("event-id");
        }

        public List<String> recipients() {
            return split(get("recipient-address"));
        }

        public List<String> recipientStatus() {
            return split(get("recipient-status"));
        }

        public Map<String, String> customData() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String entry : get("custom-data").isEmpty() ? new String[0] : get("custom-data").split(";")) {
                int eq = entry.indexOf('=');
                out.put(entry.substring(0, eq).replaceFirst("^S:", ""), decode(entry.substring(eq + 1)));
            }
            return out;
        }
    }

    private WrittenLog() {
    }

    /** Every row of every log file in the directory, files in name order (prefix, date, instance). */
    public static List<Row> rows(Path dir) {
        List<Row> rows = new ArrayList<>();
        for (Path f : files(dir)) {
            rows.addAll(rows(f, true));
        }
        return rows;
    }

    public static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> InstanceFile.parse(p).isPresent())
                    .sorted(Comparator.comparing((Path p) -> InstanceFile.parse(p).orElseThrow().prefix())
                            .thenComparing(p -> InstanceFile.parse(p).orElseThrow(), InstanceFile.NAME_ORDER))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of one file; {@code strict}: the file must start with a BOM and use CRLF only. */
    public static List<Row> rows(Path file, boolean strict) {
        try {
            byte[] raw = Files.readAllBytes(file);
            String text = new String(raw, StandardCharsets.UTF_8);
            if (strict) {
                if (!text.startsWith("\uFEFF")) {
                    throw new AssertionError(file + " does not start with a UTF-8 BOM");
                }
                if (!crlfOnly(text)) {
                    throw new AssertionError(file + " has a line end other than CRLF outside quoted fields");
                }
            }
            String fieldsLine = text.lines().filter(l -> l.startsWith("#Fields: ")).findFirst()
                    .orElseThrow(() -> new AssertionError(file + " has no #Fields line"));
            String[] names = fieldsLine.substring("#Fields: ".length()).split(",");
            List<Row> rows = new ArrayList<>();
            try (CsvReader<CsvRecord> csv = CsvReader.builder().commentStrategy(CommentStrategy.SKIP).commentCharacter('#')
                    .detectBomHeader(true).ofCsvRecord(file)) {
                for (CsvRecord r : csv) {
                    if (r.getFieldCount() != names.length) {
                        throw new AssertionError(file + " line " + r.getStartingLineNumber() + " has " + r.getFieldCount()
                                + " fields, the header " + names.length);
                    }
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (int i = 0; i < names.length; i++) {
                        fields.put(names[i], r.getField(i));
                    }
                    rows.add(new Row(file.getFileName().toString(), fields));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header lines of a file (without the BOM). */
    public static List<String> header(Path file) {
        try {
            String text = Files.readString(file).replaceFirst("^\uFEFF", "");
            return text.lines().takeWhile(l -> l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether every line end outside quoted fields is CRLF (inside quotes CR and LF are data). */
    private static boolean crlfOnly(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                return false;
            } else if (!quoted && c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
                return false;
            }
        }
        return text.endsWith("\r\n");
    }

    static List<String> split(String v) {
        if (v.isEmpty()) {
            return List.of();
        }
        return Stream.of(v.split(";", -1)).map(WrittenLog::decode).toList();
    }

    static String decode(String v) {
        return URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
