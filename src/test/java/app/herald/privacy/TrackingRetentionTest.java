package app.herald.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class TrackingRetentionTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private final CampaignFixture fx = new CampaignFixture(DB.jdbi());

    @Test
    void deletesOpensAndClicksPastTheRetentionAndKeepsCountersRecentEventsAndUnsubscribes() {
        long campaign = fx.campaign("Old");
        long m = fx.sentMessage(campaign, "old@example.com");
        event(m, campaign, "open", NOW.minus(Duration.ofDays(400)));
        event(m, campaign, "click", NOW.minus(Duration.ofDays(366)));
        event(m, campaign, "unsubscribe", NOW.minus(Duration.ofDays(400)));
        event(m, campaign, "open", NOW.minus(Duration.ofDays(10)));
        DB.jdbi().useHandle(h -> h.execute("UPDATE campaign_stats SET opens = 2, clicks = 1 WHERE campaign_id = ?", campaign));

        long deleted = new TrackingRetention(DB.jdbi(), Duration.ofDays(365), Clock.fixed(NOW, ZoneOffset.UTC)).deleteExpired();

        assertThat(deleted).isEqualTo(2);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ? AND kind = 'open'", m)).isEqualTo(1);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ? AND kind = 'unsubscribe'", m)).isEqualTo(1);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ? AND kind = 'click'", m)).isZero();
        assertThat(fx.count("SELECT opens + clicks FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(3);
    }

    @Test
    void twoNodesRunningAtOnceDeleteEachEventOnce() throws Exception {
        long campaign = fx.campaign("Many");
        long m = fx.sentMessage(campaign, "many@example.com");
        DB.jdbi().useHandle(h -> h.execute("""
                INSERT INTO tracking_event (message_id, campaign_id, kind, occurred_at)
                SELECT ?, ?, 'open', ?::timestamptz - make_interval(secs => n) FROM generate_series(1, 12000) n""",
                m, campaign, NOW.minus(Duration.ofDays(500)).toString()));
        TrackingRetention node = new TrackingRetention(DB.jdbi(), Duration.ofDays(365), Clock.fixed(NOW, ZoneOffset.UTC));

        var a = java.util.concurrent.CompletableFuture.supplyAsync(node::deleteExpired);
        var b = java.util.concurrent.CompletableFuture.supplyAsync(node::deleteExpired);

        assertThat(a.get() + b.get()).isEqualTo(12000);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ?", m)).isZero();
    }

    private static void event(long messageId, long campaignId, String kind, Instant at) {
        DB.jdbi().useHandle(h -> h.execute("INSERT INTO tracking_event (message_id, campaign_id, kind, link_idx, occurred_at) VALUES (?, ?, ?, ?, ?::timestamptz)",
                messageId, campaignId, kind, kind.equals("click") ? 0 : null, at.toString()));
    }
}
