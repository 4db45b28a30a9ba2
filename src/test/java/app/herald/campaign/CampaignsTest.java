package app.herald.campaign;

import static app.herald.campaign.CampaignFixtures.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.store.TestDatabase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class CampaignsTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private Campaigns campaigns;
    private long listId;

    @BeforeEach
    void setUp() {
        campaigns = new Campaigns(DB.jdbi());
        listId = CampaignFixtures.list(DB.jdbi(), "customers");
    }

    @Test
    void storesADraftWithItsListsAndZeroCounters() {
        long id = campaigns.create(draft("Hello {{first_name}}", "<p>Hi</p>", Optional.of("Hi"), List.of(listId)));

        Campaign c = campaigns.get(id);
        assertThat(c.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(c.subject()).isEqualTo("Hello {{first_name}}");
        assertThat(c.replyTo()).contains("sales@acme.example");
        assertThat(c.text()).contains("Hi");
        assertThat(c.listIds()).containsExactly(listId);
        assertThat(campaigns.list()).extracting(Campaign::id).containsExactly(id);
        Long recipients = DB.jdbi().withHandle(h -> h.createQuery("SELECT recipients FROM campaign_stats WHERE campaign_id = " + id)
                .mapTo(Long.class).one());
        assertThat(recipients).isZero();
    }

    @Test
    void reportsAnUnclosedIfBlockWithItsLine() {
        String html = "<p>Hello</p>\n<p>{{#if first_name}}Hi {{first_name}}</p>\n<p>bye</p>";

        assertThatThrownBy(() -> campaigns.create(draft("Hi", html, listId)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("html template error at line 3")
                .hasMessageContaining("not closed");
    }

    @Test
    void reportsBadSyntaxInTheSubjectWithLineAndColumn() {
        assertThatThrownBy(() -> campaigns.create(draft("Hello {{first_name", "<p>Hi</p>", listId)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("subject template error at line 1, column ")
                .hasMessageContaining("(in: Hello {{first_name)");
    }

    @Test
    void reportsAnErrorInTheTextPart() {
        assertThatThrownBy(() -> campaigns.create(draft("Hi", "<p>Hi</p>", Optional.of("line one\n{{/each}}"), List.of(listId))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("text template error at line 2");
    }

    @Test
    void refusesHelpersThatLogOrReadFiles() {
        assertThatThrownBy(() -> campaigns.create(draft("Hi", "<p>{{log first_name}}</p>", listId)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("could not find helper: 'log'");
        assertThatThrownBy(() -> campaigns.create(draft("Hi", "<p>a</p>\n{{> footer}}", listId)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("html template error at line 2: partials");
    }

    @Test
    void refusesListsThatDoNotExist() {
        assertThatThrownBy(() -> campaigns.create(draft("Hi", "<p>Hi</p>", listId, 9999)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("list 9999 does not exist; check list_ids");
    }

    @Test
    void refusesAnInvalidFromAddress() {
        assertThatThrownBy(() -> new CampaignDraft("n", "s", "Anna", "anna at acme", Optional.empty(), "<p>x</p>",
                Optional.empty(), List.of(listId)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("from_email 'anna at acme' is not a valid e-mail address");
    }

    @Test
    void refusesAMissingRequiredField() {
        assertThatThrownBy(() -> new CampaignDraft("n", " ", "Anna", "a@acme.example", Optional.empty(), "<p>x</p>",
                Optional.empty(), List.of(listId)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("subject is required");
        assertThatThrownBy(() -> new CampaignDraft("n", "s", "Anna", "a@acme.example", Optional.empty(), "<p>x</p>",
                Optional.empty(), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("list_ids is required");
    }

    @Test
    void updatesADraft() {
        long id = campaigns.create(draft("Hi", "<p>Hi</p>", listId));
        long other = CampaignFixtures.list(DB.jdbi(), "partners");

        campaigns.update(id, draft("Hello again", "<p>Hello</p>", listId, other));

        Campaign c = campaigns.get(id);
        assertThat(c.subject()).isEqualTo("Hello again");
        assertThat(c.listIds()).containsExactlyInAnyOrder(listId, other);
    }

    @Test
    void refusesToEditACampaignThatIsSending() {
        long id = campaigns.create(draft("Hi", "<p>Hi</p>", listId));
        DB.jdbi().useHandle(h -> h.execute("UPDATE campaign SET status = 'sending' WHERE id = ?", id));

        assertThatThrownBy(() -> campaigns.update(id, draft("Hello", "<p>Hi</p>", listId)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("campaign " + id + " is sending and can no longer be changed");
    }

    @Test
    void unknownCampaignIsNotFound() {
        assertThatThrownBy(() -> campaigns.get(42)).isInstanceOf(NotFoundException.class).hasMessage("campaign 42 does not exist");
        assertThatThrownBy(() -> campaigns.update(42, draft("Hi", "<p>Hi</p>", listId))).isInstanceOf(NotFoundException.class);
    }
}
