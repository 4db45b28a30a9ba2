package app.herald.store;

import app.herald.HeraldException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Named SQL queries kept beside their feature, one file per store: {@code FooStore} reads
 * {@code FooStore.sql} from its own package. Each query starts with a {@code -- name: some-query}
 * line and runs to the next one (the convention listmonk uses for its queries.sql).
 */
public final class Queries {
    private final String source;
    private final Map<String, String> byName;

    private Queries(String source, Map<String, String> byName) {
        this.source = source;
        this.byName = Map.copyOf(byName);
    }

    public static Queries of(Class<?> owner) {
        String resource = owner.getSimpleName() + ".sql";
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new HeraldException("SQL resource " + resource + " is missing beside " + owner.getName());
            }
            return parse(owner.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HeraldException("cannot read SQL resource " + resource + ": " + e.getMessage(), e);
        }
    }

    static Queries parse(String source, String text) {
        Map<String, String> byName = new HashMap<>();
        String name = null;
        StringBuilder sql = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("-- name:")) {
                if (name != null) {
                    byName.put(name, sql.toString().strip());
                }
                name = trimmed.substring("-- name:".length()).strip();
                sql.setLength(0);
            } else if (name != null) {
                sql.append(line).append('\n');
            }
        }
        if (name != null) {
            byName.put(name, sql.toString().strip());
        }
        return new Queries(source, byName);
    }

    /** The query text; a missing name is a programming error caught by the first test that runs it. */
    public String get(String name) {
        String sql = byName.get(name);
        if (sql == null) {
            throw new HeraldException("no query named '" + name + "' in " + source + ".sql");
        }
        return sql;
    }
}
