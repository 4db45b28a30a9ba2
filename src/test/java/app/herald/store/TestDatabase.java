package app.herald.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated PostgreSQL for tests, emptied before each test. By default one embedded server per
 * test JVM; with {@code -Dherald.test.db.url=jdbc:postgresql://127.0.0.1:5432/test} the system
 * server instead (CI runs the storage tests both ways).
 */
public final class TestDatabase implements BeforeEachCallback {
    private static Database shared;

    public static synchronized Database database() {
        if (shared == null) {
            String url = System.getProperty("herald.test.db.url", "");
            if (url.isBlank()) {
                try {
                    shared = Database.embedded(Files.createTempDirectory("herald-test-db"), 20);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                resetSchema(url);
                shared = Database.external(url, System.getProperty("herald.test.db.user", "postgres"),
                        System.getProperty("herald.test.db.password", ""), 20);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /**
     * The system server's test database outlives test runs (and may hold a schema from an older
     * branch); start every run from an empty schema so migrations apply as on a new install.
     */
    private static void resetSchema(String url) {
        try (var c = java.sql.DriverManager.getConnection(url, System.getProperty("herald.test.db.user", "postgres"),
                System.getProperty("herald.test.db.password", "")); var st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS public CASCADE");
            st.execute("CREATE SCHEMA public");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot reset the schema of test database " + url + ": " + e.getMessage(), e);
        }
    }

    public static boolean isExternal() {
        return !System.getProperty("herald.test.db.url", "").isBlank();
    }

    public Jdbi jdbi() {
        return database().jdbi();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        truncateAll(database().jdbi());
    }

    static void truncateAll(Jdbi jdbi) {
        jdbi.useHandle(h -> {
            List<String> tables = h.createQuery("""
                    SELECT quote_ident(tablename) FROM pg_tables
                    WHERE schemaname = current_schema() AND tablename NOT IN ('flyway_schema_history', 'erasure_key')""")
                    .mapTo(String.class).list();
            if (!tables.isEmpty()) {
                h.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
            }
        });
    }

    /** A fresh directory for tests that need their own data dir (e.g. a whole Herald). */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
