package app.herald.delivery;

import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class ClaimCursorTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private List<Long> ids(List<Outgoing> batch) {
        return batch.stream().map(Outgoing::id).toList();
    }

    @Test
    void claimsInQueueOrderAndStillFindsMessagesGivenBackBehindIt() {
        long listId = list(DB.jdbi(), "customers");
        DB.jdbi().useHandle(h -> {
            h.execute("INSERT INTO contact (email, first_name) SELECT 'c' || g || '@example.com', 'C' || g FROM generate_series(1, 10) g");
            h.execute("INSERT INTO list_member (list_id, contact_id) SELECT ?, id FROM contact", listId);
        });
        try (Sending sending = new Sending(DB.jdbi(), 25)) {
            long campaign = sending.campaigns.create(draft("Hi", "<p>Hi</p>", listId));
            sending.delivery().send(campaign);
        }
        MessageQueue queue = new MessageQueue(DB.jdbi(), Duration.ofMinutes(5));
        ClaimCursor cursor = new ClaimCursor(queue, 3);

        List<Outgoing> first = cursor.claim();
        List<Outgoing> second = cursor.claim();
        queue.release(first.subList(1, 2));
        List<Long> rest = new ArrayList<>();
        for (List<Outgoing> b = cursor.claim(); !b.isEmpty(); b = cursor.claim()) {
            rest.addAll(ids(b));
        }

        assertThat(ids(second)).allSatisfy(id -> assertThat(id).isGreaterThan(ids(first).getLast()));
        assertThat(rest).hasSize(5).contains(first.get(1).id());
        long leased = DB.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM message_queue WHERE lease_owner IS NOT NULL")
                .mapTo(Long.class).one());
        assertThat(leased).isEqualTo(10);
    }
}
