package app.herald.delivery;

import static app.herald.campaign.CampaignFixtures.contact;
import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.Await;
import app.herald.Herald;
import app.herald.TestHeralds;
import app.herald.campaign.Campaigns;
import app.herald.store.TestDatabase;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A running Herald configured with smtp.relays: failover past a dead relay, and a refusal at send time suppressing the address. */
@Tag("storage")
class HeraldRelaysTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void sendsPastADeadRelayAndSuppressesAnAddressTheRelayRefused() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        long listId = list(DB.jdbi(), "customers");
        for (String email : new String[] {"anna@example.com", "ben@example.com", "cara@example.com", "gone@example.com"}) {
            contact(DB.jdbi(), email, "X", "active", "{}", listId);
        }
        try (ScriptedSmtpServer up = new ScriptedSmtpServer(Set.of("gone@example.com"), 0);
             Herald herald = Herald.start(TestHeralds.config("hrld_relays_test_admin_token", Map.of(
                     "smtp.relays", "smtp://127.0.0.1:" + dead + "?weight=5, smtp://127.0.0.1:" + up.port() + "?connections=2",
                     "smtp.relay_failures", "1")))) {
            long id = new Campaigns(DB.jdbi()).create(draft("Hello", "<p>Hi</p>", listId));

            herald.delivery().send(id);
            Await.until(Duration.ofSeconds(60), () -> status(id).equals("sent"));

            assertThat(up.delivered).containsExactlyInAnyOrder("anna@example.com", "ben@example.com", "cara@example.com");
            java.util.List<String> suppressed = DB.jdbi().withHandle(h -> h.createQuery("SELECT address || ' ' || source FROM suppression")
                    .mapTo(String.class).list());
            String gone = DB.jdbi().withHandle(h -> h.createQuery("SELECT status FROM contact WHERE email = 'gone@example.com'")
                    .mapTo(String.class).one());
            assertThat(suppressed).containsExactly("gone@example.com bounce");
            assertThat(gone).isEqualTo("bounced");
        }
    }

    private static String status(long campaignId) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT status FROM campaign WHERE id = :id").bind("id", campaignId)
                .mapTo(String.class).one());
    }
}
