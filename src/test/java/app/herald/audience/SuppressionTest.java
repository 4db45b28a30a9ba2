package app.herald.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.store.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class SuppressionTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final Audience audience = new Audience(DB.jdbi());

    @Test
    void suppressesAnAddressInLowerCaseAndMatchesItInAnyCase() {
        Suppression.Added added = audience.suppress("  Ana@Example.ORG ", "asked by phone", SuppressionSource.MANUAL);

        assertThat(added.isNew()).isTrue();
        assertThat(added.suppression().address()).contains("ana@example.org");
        assertThat(added.suppression().domain()).isEmpty();
        assertThat(added.suppression().reason()).isEqualTo("asked by phone");
        assertThat(added.suppression().source()).isEqualTo(SuppressionSource.MANUAL);
        assertThat(audience.suppressionOf("ANA@example.org")).contains(added.suppression());
        assertThat(audience.suppressionOf("bo@example.org")).isEmpty();
    }

    @Test
    void suppressesAWholeDomainWrittenWithOrWithoutAt() {
        Suppression withAt = audience.suppress("@Competitor.example", "competitor", SuppressionSource.MANUAL).suppression();
        Suppression bare = audience.suppress("other.example", null, SuppressionSource.MANUAL).suppression();

        assertThat(withAt.domain()).contains("competitor.example");
        assertThat(withAt.entry()).isEqualTo("@competitor.example");
        assertThat(bare.domain()).contains("other.example");
        assertThat(bare.reason()).isEqualTo("no reason given");
        assertThat(audience.suppressionOf("anyone@COMPETITOR.example")).contains(withAt);
        assertThat(audience.suppressionOf("anyone@sub.competitor.example")).as("subdomains are not covered").isEmpty();
    }

    @Test
    void keepsTheFirstEntryWhenTheSameAddressIsSuppressedAgain() {
        Suppression first = audience.suppress("ana@example.org", "hard bounce", SuppressionSource.BOUNCE).suppression();

        Suppression.Added again = audience.suppress("ANA@example.org", "complaint", SuppressionSource.COMPLAINT);

        assertThat(again.isNew()).isFalse();
        assertThat(again.suppression()).isEqualTo(first);
    }

    @Test
    void refusesWhatIsNeitherAnAddressNorADomain() {
        assertThatThrownBy(() -> audience.suppress("ana@", "x", SuppressionSource.MANUAL))
                .isInstanceOf(InvalidInputException.class).hasMessage("cannot suppress 'ana@': the address has no domain after the @");
        assertThatThrownBy(() -> audience.suppress("localhost", "x", SuppressionSource.MANUAL))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot suppress 'localhost': give an address")
                .hasMessageEndingWith("has a domain without a dot");
        assertThatThrownBy(() -> audience.suppress(" ", "x", SuppressionSource.MANUAL)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> audience.suppress("a@example.org", "x".repeat(1001), SuppressionSource.MANUAL))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 1000 characters");
    }

    @Test
    void listsNewestFirstAndSearches() {
        audience.suppress("ana@example.org", "a", SuppressionSource.MANUAL);
        audience.suppress("bo@example.net", "b", SuppressionSource.BOUNCE);
        audience.suppress("@example.net", "c", SuppressionSource.MANUAL);

        assertThat(audience.suppressions(Optional.empty(), 0, 10)).extracting(Suppression::entry)
                .containsExactly("@example.net", "bo@example.net", "ana@example.org");
        assertThat(audience.suppressions(Optional.of("EXAMPLE.NET"), 0, 10)).extracting(Suppression::entry)
                .containsExactly("@example.net", "bo@example.net");
        assertThat(audience.suppressions(Optional.empty(), 1, 1)).extracting(Suppression::entry).containsExactly("bo@example.net");
        assertThatThrownBy(() -> audience.suppressions(Optional.empty(), 0, 1001)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void removingAnAddressReactivatesAContactThatOnlyBounced() {
        long list = audience.createList("c");
        audience.importCsv(list, new ByteArrayInputStream("email\nana@example.org\nbo@example.org\n".getBytes(StandardCharsets.UTF_8)), null);
        long ana = audience.findContactByEmail("ana@example.org").orElseThrow().id();
        long bo = audience.findContactByEmail("bo@example.org").orElseThrow().id();
        assertThat(audience.markBounced(ana)).isTrue();
        assertThat(audience.markComplained(bo)).isTrue();
        long anaEntry = audience.suppress("ana@example.org", "hard bounce", SuppressionSource.BOUNCE).suppression().id();
        long boEntry = audience.suppress("bo@example.org", "complaint", SuppressionSource.COMPLAINT).suppression().id();

        audience.removeSuppression(anaEntry);
        audience.removeSuppression(boEntry);

        assertThat(audience.findContactByEmail("ana@example.org").orElseThrow().status()).isEqualTo(ContactStatus.ACTIVE);
        assertThat(audience.findContactByEmail("bo@example.org").orElseThrow().status()).isEqualTo(ContactStatus.COMPLAINED);
        assertThat(audience.suppressionOf("ana@example.org")).isEmpty();
        assertThatThrownBy(() -> audience.removeSuppression(anaEntry)).isInstanceOf(NotFoundException.class)
                .hasMessage("suppression " + anaEntry + " does not exist");
    }

    @Test
    void aComplaintOverridesAnUnsubscribeButABounceDoesNot() {
        long list = audience.createList("c");
        audience.importCsv(list, new ByteArrayInputStream("email\nana@example.org\n".getBytes(StandardCharsets.UTF_8)), null);
        long ana = audience.findContactByEmail("ana@example.org").orElseThrow().id();
        audience.unsubscribe(ana);

        assertThat(audience.markBounced(ana)).isFalse();
        assertThat(audience.markComplained(ana)).isTrue();
        assertThat(audience.markComplained(ana)).isFalse();
        assertThat(audience.findContactByEmail("ana@example.org").orElseThrow().status()).isEqualTo(ContactStatus.COMPLAINED);
    }
}
