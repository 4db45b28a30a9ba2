package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.audience.ListSummary;
import app.herald.store.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

        CliRun run = herald("import", file.toString(), "--list", "Fair 2026");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("List 'Fair 2026'").contains("2 imported, 0 updated, 1 rejected")
                .contains("now has 2 members (2 active)")
                .contains("line 3: invalid e-mail address \"bad\": has no @");
        ListSummary list = new Audience(DB.jdbi()).findListByName("fair 2026").orElseThrow();
        assertThat(list.members()).isEqualTo(2);
    }

    @Test
    void importsIntoExistingListNamedInAnotherCase() throws IOException {
        Audience audience = new Audience(DB.jdbi());
        long id = audience.createList("Customers");
        CliRun run = herald("import", csv("email\nana@example.com\n").toString(), "--list", "CUSTOMERS");
        assertThat(run.exit()).isZero();
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

        CliRun some = herald("import", file.toString(), "--list", "l");
        assertThat(some.out()).contains("line 21:").doesNotContain("line 22:").contains("... and 5 more (show them with --show-rejected)");

        CliRun all = herald("import", file.toString(), "--list", "l", "--show-rejected");
        assertThat(all.out()).contains("line 26:").doesNotContain("more");
    }

    @Test
    void failsWithAMessageWhenTheFileHasNoEmailColumn() throws IOException {
        CliRun run = herald("import", csv("name\nAna\n").toString(), "--list", "l");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("herald: the CSV header (line 1) has no e-mail column");
    }

    @Test
    void failsWithAMessageWhenTheFileIsMissing() {
        CliRun run = herald("import", dir.resolve("nope.csv").toString(), "--list", "l");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("herald: cannot read").contains("nope.csv");
    }

    private Path csv(String content) throws IOException {
        Path file = Files.createTempFile(dir, "contacts", ".csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Runs the command line against the test database, with this test's data directory. */
    private CliRun herald(String... args) {
        return CliRun.onTestDatabase(dir.resolve("data"), args);
    }
}
