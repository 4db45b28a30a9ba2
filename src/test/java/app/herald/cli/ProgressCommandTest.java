package app.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.Campaigns;
import app.herald.store.TestDatabase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class ProgressCommandTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private long campaign;

    @BeforeEach
    void sendingCampaign() {
        long list = CampaignFixtures.list(DB.jdbi(), "progress");
        campaign = new Campaigns(DB.jdbi()).create(CampaignFixtures.draft("Hi", "<p>Hello</p>", list));
        DB.jdbi().useHandle(h -> {
            h.execute("UPDATE campaign SET status = 'sending', started_at = now() - interval '10 minutes' WHERE id = ?", campaign);
            h.execute("UPDATE campaign_stats SET recipients = 1000, sent = 390, failed = 10, deferred = 3 WHERE campaign_id = ?", campaign);
            h.execute("INSERT INTO campaign_send_rate (campaign_id, bucket, sent, failed) VALUES (?, now() - interval '20 seconds', 300, 0)", campaign);
        });
    }

    @Test
    void oncePrintsOneSnapshotWithRateAndEta() {
        CliRun r = CliRun.onTestDatabase("progress", Long.toString(campaign), "--once");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("Campaign " + campaign + " \\(sending\\): 400 of 1,000 done — 390 sent, 10 failed, "
                + "600 queued, 3 deferred tries; \\d\\.\\d messages/s, ETA \\dm\\d\\ds\\n");
    }

    @Test
    void saysSoWhileTheAudienceIsStillBeingQueued() {
        DB.jdbi().useHandle(h -> h.execute("INSERT INTO campaign_expansion (campaign_id, after_contact, until_contact) VALUES (?, 1, 2)", campaign));

        CliRun r = CliRun.onTestDatabase("progress", Long.toString(campaign), "--once");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("400 of 1,000 so far done — .*; \\d\\.\\d messages/s, ETA unknown \\(the audience is still being queued\\)\\n");
    }

    @Test
    void followsTheCampaignUntilItIsSentAndPrintsTheFinalNumbers() throws Exception {
        CompletableFuture<Void> finisher = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            DB.jdbi().useHandle(h -> {
                h.execute("UPDATE campaign_stats SET sent = 990 WHERE campaign_id = ?", campaign);
                h.execute("UPDATE campaign SET status = 'sent', finished_at = now() WHERE id = ?", campaign);
            });
        });

        CliRun r = CliRun.onTestDatabase("progress", Long.toString(campaign));

        finisher.get(10, TimeUnit.SECONDS);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Campaign " + campaign + " (sent): 1,000 of 1,000 done — 990 sent, 10 failed, 0 queued, "
                + "3 deferred tries; 0.0 messages/s, ETA 0s");
    }

    @Test
    void anUnknownCampaignIsAnOperatorError() {
        CliRun r = CliRun.onTestDatabase("progress", Long.toString(campaign + 99), "--once");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("campaign " + (campaign + 99) + " does not exist");
    }

    @Test
    void rejectsAnIntervalOutOfRange() {
        CliRun r = CliRun.onTestDatabase("progress", Long.toString(campaign), "--interval", "0");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--interval must be 1 to 3600 seconds, got 0");
    }
}
