package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import app.herald.store.TestDatabase;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class LeaseRenewalTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void aBatchThatTakesLongerThanTheLeaseKeepsItAndIsSentOnce() throws Exception {
        int contacts = 40;
        // 40 messages at 200 ms each over one connection: 8 s of sending, with a 3 s lease swept every 1 s
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 200);
             Sending sending = new Sending(DB.jdbi(), relay.port())) {
            sending.settings = new Dispatcher.Settings(40, Duration.ofSeconds(3), Duration.ofMillis(50), Duration.ofSeconds(1),
                    Duration.ofSeconds(30));
            long list = CampaignFixtures.list(DB.jdbi(), "slow");
            DB.jdbi().useHandle(h -> {
                h.execute("INSERT INTO contact (email, first_name) SELECT 'c' || g || '@example.com', 'C' || g FROM generate_series(1, ?) g", contacts);
                h.execute("INSERT INTO list_member (list_id, contact_id) SELECT ?, id FROM contact", list);
            });
            long id = sending.campaigns.create(CampaignFixtures.draft("Hi", "<p>Hello</p>", list));

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            assertThat(relay.delivered).hasSize(contacts);
            assertThat(new HashSet<>(relay.delivered)).as("each recipient once").hasSize(contacts);
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(contacts);
        }
    }

    @Test
    void anExpiredLeaseIsTakenBackAndSent() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0);
             Sending sending = new Sending(DB.jdbi(), relay.port())) {
            long list = CampaignFixtures.list(DB.jdbi(), "dead");
            CampaignFixtures.contact(DB.jdbi(), "left@example.com", "Left", "active", "{}", list);
            long id = sending.campaigns.create(CampaignFixtures.draft("Hi", "<p>Hello</p>", list));
            sending.delivery().send(id);
            // as a node that died while sending: leased by another process, lease run out
            DB.jdbi().useHandle(h -> h.execute("UPDATE message_queue SET lease_owner = 'dead-host:1', "
                    + "lease_until = now() - interval '1 second', attempts = 1 WHERE campaign_id = ?", id));

            sending.start();
            sending.awaitStatus(id, "sent");

            assertThat(relay.delivered).containsExactly("left@example.com");
        }
    }
}
