package app.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import app.herald.NotFoundException;
import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.Campaigns;
import app.herald.store.TestDatabase;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class SendProgressTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private long campaign(int contacts) {
        long list = CampaignFixtures.list(DB.jdbi(), "progress");
        DB.jdbi().useHandle(h -> {
            h.execute("INSERT INTO contact (email, first_name) SELECT 'c' || g || '@example.com', 'C' || g FROM generate_series(1, ?) g", contacts);
            h.execute("INSERT INTO list_member (list_id, contact_id) SELECT ?, id FROM contact", list);
        });
        return new Campaigns(DB.jdbi()).create(CampaignFixtures.draft("Hi {{first_name}}", "<p>Hello</p>", list));
    }

    /** A campaign sending for ten minutes: 1000 recipients, 400 done, results in two buckets. */
    private long sendingCampaign(String recentBucketAge) {
        long id = campaign(1);
        DB.jdbi().useHandle(h -> {
            h.execute("UPDATE campaign SET status = 'sending', started_at = now() - interval '10 minutes' WHERE id = ?", id);
            h.execute("UPDATE campaign_stats SET recipients = 1000, sent = 390, failed = 10, deferred = 3 WHERE campaign_id = ?", id);
            h.execute("INSERT INTO campaign_send_rate (campaign_id, bucket, sent, failed) VALUES (?, date_bin('10 seconds', now() - CAST(? AS interval), "
                    + "timestamptz '2000-01-01 00:00:00+00'), 290, 10), (?, now() - interval '5 minutes', 100, 0)", id, recentBucketAge, id);
        });
        return id;
    }

    @Test
    void theRateIsTheLastMinutesResultsPerSecondAndTheEtaFollowsFromIt() {
        long id = sendingCampaign("30 seconds");

        SendProgress p = SendProgress.of(DB.jdbi(), id);

        assertThat(p.status()).isEqualTo("sending");
        assertThat(p.recipients()).isEqualTo(1000);
        assertThat(p.sent()).isEqualTo(390);
        assertThat(p.failed()).isEqualTo(10);
        assertThat(p.deferred()).isEqualTo(3);
        assertThat(p.queued()).isEqualTo(600);
        // 300 results in the window, which starts 60 to 70 s ago (at a bucket's start); the older bucket is outside
        assertThat(p.messagesPerSecond()).isBetween(300 / 70.0, 300 / 60.0);
        assertThat(p.eta().orElseThrow().toSeconds()).isCloseTo((long) Math.ceil(600 / p.messagesPerSecond()), within(1L));
    }

    @Test
    void theEtaIsUnknownWhileNothingWasSentInTheLastMinute() {
        long id = sendingCampaign("3 minutes");

        SendProgress p = SendProgress.of(DB.jdbi(), id);

        assertThat(p.messagesPerSecond()).isZero();
        assertThat(p.eta()).isEmpty();
    }

    @Test
    void theEtaIsUnknownWhileTheAudienceIsStillBeingQueued() {
        long id = sendingCampaign("30 seconds");
        DB.jdbi().useHandle(h -> h.execute("INSERT INTO campaign_expansion (campaign_id, after_contact, until_contact) VALUES (?, 1, 2)", id));

        SendProgress p = SendProgress.of(DB.jdbi(), id);

        assertThat(p.queueing()).isTrue();
        assertThat(p.messagesPerSecond()).isPositive();
        assertThat(p.eta()).isEmpty();
        DB.jdbi().useHandle(h -> h.execute("DELETE FROM campaign_expansion WHERE campaign_id = ?", id));
        assertThat(SendProgress.of(DB.jdbi(), id).queueing()).isFalse();
    }

    @Test
    void aCampaignSentThroughTheDispatcherCountsSentFailedAndDeferredTries() throws Exception {
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of("c2@example.com"), 0).script("c1@example.com", 451, 250);
             Sending sending = new Sending(DB.jdbi(), relay.port()).retrying(Duration.ofSeconds(1))) {
            long id = campaign(20);

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            SendProgress p = sending.delivery().progress(id);
            assertThat(p.status()).isEqualTo("sent");
            assertThat(p.recipients()).isEqualTo(20);
            assertThat(p.sent()).isEqualTo(19);
            assertThat(p.failed()).isEqualTo(1);
            assertThat(p.deferred()).isEqualTo(1);
            assertThat(p.queued()).isZero();
            assertThat(p.eta()).contains(Duration.ZERO);
            assertThat(p.finishedAt()).isPresent();
            assertThat(sending.count("SELECT sum(sent + failed) FROM campaign_send_rate WHERE campaign_id = :c", id)).isEqualTo(20);
            assertThat(sending.count("SELECT sum(deferred) FROM campaign_send_rate WHERE campaign_id = :c", id)).isEqualTo(1);
        }
    }

    @Test
    void anUnknownCampaignIsNotFound() {
        assertThatThrownBy(() -> SendProgress.of(DB.jdbi(), 4242))
                .isInstanceOf(NotFoundException.class).hasMessage("campaign 4242 does not exist");
    }
}
