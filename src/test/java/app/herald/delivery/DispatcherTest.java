package app.herald.delivery;

import static app.herald.campaign.CampaignFixtures.contact;
import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.Await;
import app.herald.campaign.Campaigns;
import app.herald.store.TestDatabase;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class DispatcherTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private long campaignFor(Sending sending, int contacts) {
        long listId = list(DB.jdbi(), "customers");
        DB.jdbi().useHandle(h -> {
            h.execute("INSERT INTO contact (email, first_name) SELECT 'c' || g || '@example.com', 'C' || g FROM generate_series(1, ?) g", contacts);
            h.execute("INSERT INTO list_member (list_id, contact_id) SELECT ?, id FROM contact", listId);
        });
        return sending.campaigns.create(draft("Hello {{first_name}}", "<p>Hi <a href=\"https://acme.example\">us</a></p>", listId));
    }

    @Test
    void marksMessagesFailedWithTheErrorWhenTheRelayIsUnreachableAndStillFinishes() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Sending sending = new Sending(DB.jdbi(), closedPort)) {
            long id = campaignFor(sending, 5);

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            List<String> replies = DB.jdbi().withHandle(h -> h.createQuery(
                    "SELECT status || ' ' || smtp_reply FROM message WHERE campaign_id = :c").bind("c", id).mapTo(String.class).list());
            assertThat(replies).hasSize(5).allSatisfy(r ->
                    assertThat(r).startsWith("failed cannot connect to SMTP server 127.0.0.1:" + closedPort + ": "));
            assertThat(sending.count("SELECT failed FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(5);
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isZero();
        }
    }

    @Test
    void overARelayWithPipeliningEachNextEnvelopeFollowsTheContentBeforeAndEveryoneGetsOneMessage() throws Exception {
        try (PipeliningRelay relay = new PipeliningRelay(false);
             Sending sending = new Sending(DB.jdbi(), relay.port())) {
            long id = campaignFor(sending, 60);

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            Set<String> recipients = new HashSet<>();
            relay.received.forEach(r -> recipients.add(r.rcptTo()));
            assertThat(relay.received).hasSize(60);
            assertThat(recipients).hasSize(60);
            // four workers, each keeping its connection: only the last message of each worker's batch has none behind it
            // (whether the next command is already in the relay's buffer is timing, so not every one counts)
            assertThat(relay.commandsBehindContent.stream().filter(b -> b).count()).isGreaterThan(30);
            assertThat(relay.unfinished).isEmpty();
            assertThat(relay.sessions()).isLessThanOrEqualTo(4);
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(60);
        }
    }

    @Test
    void aTemporaryFailureIsRetriedAndSentWhileTheCampaignWaitsForIt() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0).script("c1@example.com", 451, 250);
             Sending sending = new Sending(DB.jdbi(), relay.port()).retrying(Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            long id = campaignFor(sending, 3);

            sending.start().delivery().send(id);
            // c1, the first in the queue, is deferred while the claim cursor moves past it
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (relay.delivered.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            String deferred = row("c1@example.com");
            if (deferred.startsWith("queued")) {
                assertThat(deferred).matches("queued 1 451 .*true");
                assertThat(sending.campaignStatus(id)).isEqualTo("sending");
            }
            sending.awaitStatus(id, "sent");

            assertThat(row("c1@example.com")).startsWith("sent 2 250");
            assertThat(relay.delivered).containsExactlyInAnyOrder("c1@example.com", "c2@example.com", "c3@example.com");
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(3);
            assertThat(sending.count("SELECT failed FROM campaign_stats WHERE campaign_id = :c", id)).isZero();
        }
    }

    @Test
    void aTemporaryFailureFailsWithTheLastReplyWhenTheScheduleIsUsedUp() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0).script("c1@example.com", 421, 451);
             Sending sending = new Sending(DB.jdbi(), relay.port()).retrying(Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            long id = campaignFor(sending, 2);

            long started = System.nanoTime();
            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(row("c1@example.com")).matches("failed 3 451 .*scripted reply 451 false");
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(1);
            assertThat(sending.count("SELECT failed FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(1);
        }
    }

    @Test
    void aPermanentRejectionFailsAtOnceWithoutRetries() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0).script("c1@example.com", 550, 250);
             Sending sending = new Sending(DB.jdbi(), relay.port()).retrying(Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            long id = campaignFor(sending, 1);

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            assertThat(row("c1@example.com")).matches("failed 1 550 .*scripted reply 550 false");
            assertThat(relay.delivered).isEmpty();
            assertThat(sending.count("SELECT failed FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(1);
        }
    }

    /**
     * status ('sending' while a node leases it), attempts, reply and whether a next attempt is set
     * (in the queue), of the message to {@code email}.
     */
    private static String row(String email) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT CASE WHEN q.lease_owner IS NOT NULL THEN 'sending' ELSE m.status END "
                + "|| ' ' || m.attempts || ' ' || coalesce(m.smtp_reply, '-') || ' ' "
                + "|| (q.next_attempt_at IS NOT NULL) FROM message m LEFT JOIN message_queue q ON q.message_id = m.id WHERE m.email = :e")
                .bind("e", email).mapTo(String.class).one());
    }

    @Test
    void recordsTheRelaysRejectionAndSendsTheOthers() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of("c2@example.com"), 0);
             Sending sending = new Sending(DB.jdbi(), relay.port())) {
            long id = campaignFor(sending, 3);

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            String rejected = DB.jdbi().withHandle(h -> h.createQuery(
                    "SELECT status || ' ' || smtp_reply FROM message WHERE email = 'c2@example.com'").mapTo(String.class).one());
            assertThat(rejected).isEqualTo("failed 550 5.1.1 <c2@example.com>: Recipient address rejected: User unknown");
            assertThat(relay.delivered).containsExactlyInAnyOrder("c1@example.com", "c3@example.com");
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(2);
            assertThat(sending.count("SELECT failed FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(1);
        }
    }

    @Test
    void aCampaignIsMarkedSentAsSoonAsItsLastResultIsWrittenWhileAnotherKeepsTheClaimsFull() throws Exception {
        long small = campaignOf("small", 20);
        long big = campaignOf("big", 400);
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 10);
             Sending sending = new Sending(DB.jdbi(), relay.port())) {
            // no periodic sweep during the test: only the results' own check can finish the small campaign
            sending.settings = new Dispatcher.Settings(10, Duration.ofSeconds(60), Duration.ofMillis(50),
                    Duration.ofMinutes(10), Duration.ofSeconds(30), List.of());
            sending.start().delivery().send(big);
            Await.until(Duration.ofSeconds(30), () -> relay.delivered.size() >= 20);
            // it sorts before the big one (a smaller id), so its messages are claimed next, and the claims stay full
            // with the big one's messages while its results are written
            sending.delivery().send(small);

            sending.awaitStatus(small, "sent");

            assertThat(sending.campaignStatus(big)).as("the big campaign is still being sent").isEqualTo("sending");
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", small)).isEqualTo(20);
            sending.awaitStatus(big, "sent");
        }
    }

    /** A campaign to a list of its own of {@code contacts} new contacts named NAME-K@example.com. */
    private long campaignOf(String name, int contacts) {
        long listId = list(DB.jdbi(), name);
        DB.jdbi().useHandle(h -> {
            h.execute("INSERT INTO contact (email, first_name) SELECT ? || '-' || g || '@example.com', 'C' || g FROM generate_series(1, ?) g",
                    name, contacts);
            h.execute("INSERT INTO list_member (list_id, contact_id) SELECT ?, id FROM contact WHERE email LIKE ? || '-%'", listId, name);
        });
        return new Campaigns(DB.jdbi()).create(
                draft("Hello {{first_name}}", "<p>Hi <a href=\"https://acme.example\">us</a></p>", listId));
    }

    @Test
    void closingWhileSendingLosesNothingAndTheNextStartFinishesTheCampaign() throws Exception {
        int contacts = 200;
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 10);
             Sending sending = new Sending(DB.jdbi(), relay.port())) {
            long id = campaignFor(sending, contacts);
            sending.start().delivery().send(id);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (relay.delivered.size() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            sending.dispatcher.close();

            long sent = sending.count("SELECT count(*) FROM message WHERE campaign_id = :c AND status = 'sent'", id);
            long queued = sending.count("SELECT count(*) FROM message WHERE campaign_id = :c AND status = 'queued'", id);
            assertThat(sending.count("SELECT count(*) FROM message_queue WHERE campaign_id = :c AND lease_owner IS NOT NULL", id))
                    .as("messages left leased").isZero();
            assertThat(sending.count("SELECT count(*) FROM message_queue WHERE campaign_id = :c", id)).as("still in the queue")
                    .isEqualTo(contacts - sent);
            assertThat(sent).as("recorded as sent").isEqualTo(relay.delivered.size());
            assertThat(queued).as("given back to the queue").isPositive().isEqualTo(contacts - sent);
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(sent);
            assertThat(sending.campaignStatus(id)).isEqualTo("sending");

            sending.start();
            sending.awaitStatus(id, "sent");

            assertThat(relay.delivered).hasSize(contacts);
            assertThat(new HashSet<>(relay.delivered)).as("each recipient once").hasSize(contacts);
            assertThat(sending.count("SELECT sent FROM campaign_stats WHERE campaign_id = :c", id)).isEqualTo(contacts);
        }
    }
}
