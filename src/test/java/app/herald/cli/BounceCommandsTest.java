package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.audience.SuppressionSource;
import app.herald.bounce.BounceSource;
import app.herald.bounce.Bounces;
import app.herald.bounce.ReturnPath;
import app.herald.store.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald bounces list} and {@code herald suppression list|add|remove} against the test database. */
@Tag("storage")
class BounceCommandsTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    private final Audience audience = new Audience(DB.jdbi());

    @Test
    void addsListsAndRemovesSuppressions() {
        Run added = herald("suppression", "add", "Ana@Example.org", "--reason", "asked by phone");
        Run domain = herald("suppression", "add", "@competitor.example");
        Run again = herald("suppression", "add", "ana@example.org");

        assertThat(added.exitCode).isZero();
        assertThat(added.out).startsWith("Added:").contains("ana@example.org").contains("manual").contains("asked by phone");
        assertThat(domain.out).contains("@competitor.example").contains("no reason given");
        assertThat(again.out).startsWith("Already suppressed (unchanged):");
        assertThat(herald("suppression", "list").out).contains("ana@example.org").contains("@competitor.example");
        assertThat(herald("suppression", "list", "--search", "competitor").out).doesNotContain("ana@example.org");

        long id = audience.suppressionOf("ana@example.org").orElseThrow().id();
        Run removed = herald("suppression", "remove", String.valueOf(id));
        assertThat(removed.out).startsWith("Removed:").contains("ana@example.org");
        assertThat(audience.suppressionOf("ana@example.org")).isEmpty();
    }

    @Test
    void reportsABadEntryOrUnknownIdAsAnError() {
        Run bad = herald("suppression", "add", "localhost");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).contains("herald: cannot suppress 'localhost'");

        Run unknown = herald("suppression", "remove", "4711");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).contains("herald: suppression 4711 does not exist");

        assertThat(herald("suppression").exitCode).isEqualTo(2);
        assertThat(herald("suppression", "list").out).contains("The suppression list is empty.");
    }

    @Test
    void listsBouncesAndTheUnmatchedOnes() {
        Bounces bounces = new Bounces(DB.jdbi(), audience, ReturnPath.fromAddress(), 3, Duration.ofDays(7));
        bounces.receive("Subject: hello\r\n\r\nnot a bounce\r\n".getBytes(StandardCharsets.US_ASCII), BounceSource.POP3, List.of());
        audience.suppress("x@example.org", "test", SuppressionSource.MANUAL);

        Run all = herald("bounces", "list");
        Run unmatched = herald("bounces", "list", "--unmatched");

        assertThat(all.exitCode).isZero();
        assertThat(all.out).contains("pop3/unknown").contains("unparsed").contains("message unmatched")
                .contains("error:      neither a delivery status notification")
                .contains("outcome:    kept for an admin: not a report Herald understands");
        assertThat(unmatched.out).isEqualTo(all.out);
        DB.jdbi().useHandle(h -> h.execute("DELETE FROM bounce"));
        assertThat(herald("bounces", "list", "--unmatched").out).contains("No reports.");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static String testDatabaseUrl() {
        try {
            return DB.jdbi().withHandle(h -> h.getConnection().getMetaData().getURL());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the command line against the test database, capturing what it prints. */
    private Run herald(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (args.length > 1) {
            all.addAll(List.of("--set", "db.url=" + testDatabaseUrl(), "--set",
                    "db.user=" + System.getProperty("herald.test.db.user", "postgres"), "--set", "data_dir=" + dir.resolve("data")));
            String password = System.getProperty("herald.test.db.password", "");
            if (!password.isEmpty()) {
                all.addAll(List.of("--set", "db.password=" + password));
            }
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(all.toArray(String[]::new));
            return new Run(code, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
