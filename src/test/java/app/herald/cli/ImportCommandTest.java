package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.audience.ListSummary;
import app.herald.store.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class ImportCommandTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void importsFileIntoNewListAndPrintsCountsAndRejectedLines() throws IOException {
        Path file = csv("email,first_name\nana@example.com,Ana\nbad,Bo\nbo@example.com,Bo\n");

        Run run = herald("import", file.toString(), "--list", "Fair 2026");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("List 'Fair 2026'").contains("2 imported, 0 updated, 1 rejected")
                .contains("now has 2 members (2 active)")
                .contains("line 3: invalid e-mail address \"bad\": has no @");
        ListSummary list = new Audience(DB.jdbi()).findListByName("fair 2026").orElseThrow();
        assertThat(list.members()).isEqualTo(2);
    }

    @Test
    void importsIntoExistingListNamedInAnotherCase() throws IOException {
        Audience audience = new Audience(DB.jdbi());
        long id = audience.createList("Customers");
        Run run = herald("import", csv("email\nana@example.com\n").toString(), "--list", "CUSTOMERS");
        assertThat(run.exitCode).isZero();
        assertThat(audience.lists()).extracting(ListSummary::id).containsExactly(id);
        assertThat(audience.getList(id).members()).isEqualTo(1);
    }

    @Test
    void showsTheFirstTwentyRejectedLinesUnlessAskedForAll() throws IOException {
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < 25; i++) {
            csv.append("bad").append(i).append('\n');
        }
        Path file = csv(csv.toString());

        Run some = herald("import", file.toString(), "--list", "l");
        assertThat(some.out).contains("line 21:").doesNotContain("line 22:").contains("... and 5 more (show them with --show-rejected)");

        Run all = herald("import", file.toString(), "--list", "l", "--show-rejected");
        assertThat(all.out).contains("line 26:").doesNotContain("more");
    }

    @Test
    void failsWithAMessageWhenTheFileHasNoEmailColumn() throws IOException {
        Run run = herald("import", csv("name\nAna\n").toString(), "--list", "l");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("herald: the CSV header (line 1) has no e-mail column");
    }

    @Test
    void failsWithAMessageWhenTheFileIsMissing() {
        Run run = herald("import", dir.resolve("nope.csv").toString(), "--list", "l");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("herald: cannot read").contains("nope.csv");
    }

    /** The JDBC URL of the test database, embedded or external, as the pool connected to it. */
    private static String testDatabaseUrl() {
        try {
            return DB.jdbi().withHandle(h -> h.getConnection().getMetaData().getURL());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path csv(String content) throws IOException {
        Path file = Files.createTempFile(dir, "contacts", ".csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs the command line against the test database, capturing what it prints. */
    private Run herald(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        String url = testDatabaseUrl();
        all.addAll(List.of("--set", "db.url=" + url, "--set", "db.user=" + System.getProperty("herald.test.db.user", "postgres"),
                "--set", "data_dir=" + dir.resolve("data")));
        String password = System.getProperty("herald.test.db.password", "");
        if (!password.isEmpty()) {
            all.addAll(List.of("--set", "db.password=" + password));
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
