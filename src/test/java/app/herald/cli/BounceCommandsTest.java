package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.audience.SuppressionSource;
import app.herald.bounce.BounceSource;
import app.herald.bounce.Bounces;
import app.herald.bounce.ReturnPath;
import app.herald.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
        CliRun added = herald("suppression", "add", "Ana@Example.org", "--reason", "asked by phone");
        CliRun domain = herald("suppression", "add", "@competitor.example");
        CliRun again = herald("suppression", "add", "ana@example.org");

        assertThat(added.exit()).isZero();
        assertThat(added.out()).startsWith("Added:").contains("ana@example.org").contains("manual").contains("asked by phone");
        assertThat(domain.out()).contains("@competitor.example").contains("no reason given");
        assertThat(again.out()).startsWith("Already suppressed (unchanged):");
        assertThat(herald("suppression", "list").out()).contains("ana@example.org").contains("@competitor.example");
        assertThat(herald("suppression", "list", "--search", "competitor").out()).doesNotContain("ana@example.org");

        long id = audience.suppressionOf("ana@example.org").orElseThrow().id();
        CliRun removed = herald("suppression", "remove", String.valueOf(id));
        assertThat(removed.out()).startsWith("Removed:").contains("ana@example.org");
        assertThat(audience.suppressionOf("ana@example.org")).isEmpty();
    }

    @Test
    void reportsABadEntryOrUnknownIdAsAnError() {
        CliRun bad = herald("suppression", "add", "localhost");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("herald: cannot suppress 'localhost'");

        CliRun unknown = herald("suppression", "remove", "4711");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("herald: suppression 4711 does not exist");

        // "suppression" itself takes no --set options: without a subcommand it only asks for one.
        assertThat(CliRun.run("suppression").exit()).isEqualTo(2);
        assertThat(herald("suppression", "list").out()).contains("The suppression list is empty.");
    }

    @Test
    void listsBouncesAndTheUnmatchedOnes() {
        Bounces bounces = new Bounces(DB.jdbi(), audience, ReturnPath.fromAddress(), 3, Duration.ofDays(7));
        bounces.receive("Subject: hello\r\n\r\nnot a bounce\r\n".getBytes(StandardCharsets.US_ASCII), BounceSource.POP3, List.of());
        audience.suppress("x@example.org", "test", SuppressionSource.MANUAL);

        CliRun all = herald("bounces", "list");
        CliRun unmatched = herald("bounces", "list", "--unmatched");

        assertThat(all.exit()).isZero();
        assertThat(all.out()).contains("pop3/unknown").contains("unparsed").contains("message unmatched")
                .contains("error:      neither a delivery status notification")
                .contains("outcome:    kept for an admin: not a report Herald understands");
        assertThat(unmatched.out()).isEqualTo(all.out());
        DB.jdbi().useHandle(h -> h.execute("DELETE FROM bounce"));
        assertThat(herald("bounces", "list", "--unmatched").out()).contains("No reports.");
    }

    /** Runs the command line against the test database, with this test's data directory. */
    private CliRun herald(String... args) {
        return CliRun.onTestDatabase(dir.resolve("data"), args);
    }
}
