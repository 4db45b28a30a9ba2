package app.herald.tracking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated data files beside the tracking classes (known networks, agents, mail
 * clients): one row per line, {@code #} starts a comment line, blank lines are skipped. They are data
 * so that they can be updated without reading code; a malformed row fails the load with its line.
 */
final class TsvResource {
    record Row(String file, int line, List<String> fields) {
        String field(int i) {
            return fields.get(i);
        }

        IllegalStateException error(String what) {
            return new IllegalStateException(file + " line " + line + ": " + what);
        }
    }

    private TsvResource() {
    }

    /** The rows of {@code name} (next to this class), each with exactly {@code columns} fields. */
    static List<Row> read(String name, int columns) {
        try (InputStream in = TsvResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("data file " + name + " is missing from the classpath (app/herald/tracking/)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            String text;
            for (int line = 1; (text = reader.readLine()) != null; line++) {
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                List<String> fields = List.of(text.split("\t", -1)).stream().map(String::strip).toList();
                Row row = new Row(name, line, fields);
                if (fields.size() != columns) {
                    throw row.error("expected " + columns + " tab-separated fields, found " + fields.size());
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + name, e);
        }
    }
}
