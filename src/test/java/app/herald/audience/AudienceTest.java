package app.herald.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.store.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class AudienceTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final Audience audience = new Audience(DB.jdbi());

    @Test
    void createsListAndFindsItByIdAndByNameInAnyCase() {
        long id = audience.createList("  Customers 2026 ");
        assertThat(audience.getList(id).name()).isEqualTo("Customers 2026");
        assertThat(audience.findListByName("customers 2026")).hasValueSatisfying(l -> assertThat(l.id()).isEqualTo(id));
        assertThat(audience.findListByName("other")).isEmpty();
        assertThat(audience.lists()).extracting(ListSummary::name).containsExactly("Customers 2026");
    }

    @Test
    void refusesBlankListName() {
        assertThatThrownBy(() -> audience.createList("   ")).isInstanceOf(InvalidInputException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> audience.createList(null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("blank");
    }

    @Test
    void refusesListNameThatExistsInAnotherCase() {
        long id = audience.createList("Customers");
        assertThatThrownBy(() -> audience.createList("CUSTOMERS"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a list named 'CUSTOMERS' already exists (list " + id + ")");
    }

    @Test
    void refusesOverlongListName() {
        assertThatThrownBy(() -> audience.createList("x".repeat(201)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 200");
    }

    @Test
    void unknownListIsNotFound() {
        assertThatThrownBy(() -> audience.getList(42)).isInstanceOf(NotFoundException.class).hasMessage("list 42 does not exist");
    }

    @Test
    void countsMembersAndActiveMembers() {
        long list = audience.createList("c");
        long empty = audience.createList("empty");
        importCsv(list, "email\na@x.com\nb@x.com\nc@x.com\n");
        audience.unsubscribe(audience.findContactByEmail("b@x.com").orElseThrow().id());

        ListSummary summary = audience.getList(list);
        assertThat(summary.members()).isEqualTo(3);
        assertThat(summary.active()).isEqualTo(2);
        assertThat(audience.getList(empty).members()).isZero();
        assertThat(audience.lists()).extracting(ListSummary::members).containsExactly(3L, 0L);
    }

    @Test
    void findsContactByEmailInAnyCase() {
        long list = audience.createList("c");
        importCsv(list, "email,first_name,region\nAna.Lopez@Example.com,Ana,North\n");
        Contact ana = audience.findContactByEmail(" ana.lopez@example.COM ").orElseThrow();
        assertThat(ana.email()).isEqualTo("Ana.Lopez@Example.com");
        assertThat(ana.firstName()).hasValue("Ana");
        assertThat(ana.lastName()).isEmpty();
        assertThat(ana.attributes()).containsExactly(java.util.Map.entry("region", "North"));
        assertThat(ana.status()).isEqualTo(ContactStatus.ACTIVE);
        assertThat(audience.findContactByEmail("nobody@example.com")).isEmpty();
    }

    @Test
    void unsubscribesOnlyActiveContacts() {
        long list = audience.createList("c");
        importCsv(list, "email\na@x.com\n");
        long id = audience.findContactByEmail("a@x.com").orElseThrow().id();
        assertThat(audience.unsubscribe(id)).isTrue();
        assertThat(audience.unsubscribe(id)).isFalse();
        assertThat(audience.unsubscribe(id + 1000)).isFalse();
        assertThat(audience.findContactByEmail("a@x.com").orElseThrow().status()).isEqualTo(ContactStatus.UNSUBSCRIBED);
    }

    private void importCsv(long list, String csv) {
        audience.importCsv(list, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), null);
    }
}
