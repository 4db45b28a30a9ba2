package app.herald.cli;

import app.herald.store.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One run of the {@code herald} command line in this JVM: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

    /** Runs the command line as given, capturing standard output and error as UTF-8. */
    static CliRun run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new CliRun(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Runs the command line against the test database (embedded or external) the test's own components use. */
    static CliRun onTestDatabase(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(testDatabaseSettings());
        return run(all.toArray(String[]::new));
    }

    /** As {@link #onTestDatabase(String...)}, with {@code data_dir} set too, for commands that keep files there. */
    static CliRun onTestDatabase(Path dataDir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(testDatabaseSettings());
        all.addAll(List.of("--set", "data_dir=" + dataDir));
        return run(all.toArray(String[]::new));
    }

    /** The settings that point Herald at the test database, read from the pool the tests connected with. */
    private static List<String> testDatabaseSettings() {
        HikariDataSource ds = (HikariDataSource) TestDatabase.database().dataSource();
        List<String> settings = new ArrayList<>(List.of("--set", "db.url=" + ds.getJdbcUrl(), "--set", "db.user=" + ds.getUsername()));
        if (ds.getPassword() != null && !ds.getPassword().isEmpty()) {
            settings.addAll(List.of("--set", "db.password=" + ds.getPassword()));
        }
        return settings;
    }
}
