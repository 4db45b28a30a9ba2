package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.audience.ImportResult;
import app.herald.audience.SuppressionSource;
import app.herald.store.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald contact export|erase} against the test database. */
@Tag("storage")
class ContactCommandTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    private final Audience audience = new Audience(DB.jdbi());

    @Test
    void exportsAContactAsJsonAndErasesItOnlyWithYes() {
        long list = audience.createList("cli");
        importCsv(list, "email,first_name,tracking_consent\nlin@example.com,Lin,off\n");

        CliRun exported = herald("contact", "export", "Lin@Example.com");
        assertThat(exported.exit()).isZero();
        assertThat(exported.out()).contains("\"first_name\" : \"Lin\"").contains("\"tracking_consent\" : \"off\"")
                .contains("\"list_name\" : \"cli\"");

        CliRun refused = herald("contact", "erase", "lin@example.com");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("add --yes");
        assertThat(audience.findContactByEmail("lin@example.com")).isPresent();

        CliRun erased = herald("contact", "erase", "lin@example.com", "--yes");
        assertThat(erased.exit()).isZero();
        assertThat(erased.out()).contains("contact deleted").contains("keyed hash").contains("max_age");
        assertThat(audience.findContactByEmail("lin@example.com")).isEmpty();
        assertThat(audience.suppressionOf("LIN@example.com").orElseThrow().source()).isEqualTo(SuppressionSource.ERASURE);
        assertThat(audience.suppressions(java.util.Optional.empty(), 0, 10)).isEmpty(); // the hash is not listed

        ImportResult again = importCsv(list, "email\nlin@example.com\n");
        assertThat(again.imported()).isZero();
        assertThat(again.rejected()).singleElement().satisfies(r -> assertThat(r.line()).isEqualTo(2));
    }

    @Test
    void refusesSomethingThatIsNotAnAddress() {
        CliRun bad = herald("contact", "export", "not-an-address");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'not-an-address' is not an e-mail address");
    }

    @Test
    void aBlankConsentCellKeepsTheRecordedConsentAndALaterValueChangesIt() {
        long list = audience.createList("consent");
        importCsv(list, "email,tracking_consent\nkai@example.com,on\n");
        importCsv(list, "email,tracking_consent,city\nkai@example.com,,Xiamen\n");
        assertThat(audience.findContactByEmail("kai@example.com").orElseThrow().trackingConsent().dbName()).isEqualTo("on");
        importCsv(list, "email,tracking_consent\nkai@example.com,否\n");
        assertThat(audience.findContactByEmail("kai@example.com").orElseThrow().trackingConsent().dbName()).isEqualTo("off");
    }

    private ImportResult importCsv(long list, String csv) {
        return audience.importCsv(list, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), null);
    }

    /** Runs the command line against the test database, with this test's data directory. */
    private CliRun herald(String... args) {
        return CliRun.onTestDatabase(dir.resolve("data"), args);
    }
}
