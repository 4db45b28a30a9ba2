package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per (address, token) rate limit through the real endpoints: over it, hits are answered but not counted. */
@Tag("storage")
class HitRateLimitTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final int LIMIT = 5;

    private CampaignFixture fx;
    private TrackingServer server;
    private long campaign;

    @BeforeEach
    void start() {
        fx = new CampaignFixture(DB.jdbi());
        server = new TrackingServer(DB.jdbi(), ClientAddress.DIRECT, LIMIT);
        campaign = fx.campaign("Limits");
        fx.link(campaign, 0, "https://shop.example.com/a");
        fx.link(campaign, 1, "https://shop.example.com/b");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAddressFetchingOnePixelOverAndOverStillGetsItButIsCountedOnlyUpToTheLimit() {
        long m = fx.sentMessage(campaign, "ann@example.com");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < LIMIT + 4; i++) {
            statuses.add(server.get(server.urls.openPixel(m), "User-Agent", "Thunderbird/128.0").statusCode());
        }
        server.flush();

        assertThat(statuses).containsOnly(200);
        assertThat(fx.count("SELECT opens FROM message WHERE id = ?", m)).isEqualTo(LIMIT);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ?", m)).isEqualTo(LIMIT);
    }

    @Test
    void clicksOverTheLimitStillRedirectAndEachLinkHasItsOwnLimit() {
        long m = fx.sentMessage(campaign, "bob@example.com");
        for (int i = 0; i < LIMIT + 3; i++) {
            assertThat(server.get(server.urls.click(m, 0)).statusCode()).isEqualTo(302);
        }
        assertThat(server.get(server.urls.click(m, 1)).headers().firstValue("Location")).hasValue("https://shop.example.com/b");
        server.flush();

        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ? AND link_idx = 0", m)).isEqualTo(LIMIT);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ? AND link_idx = 1", m)).isEqualTo(1);
    }

    @Test
    void aProxyFetchingThePixelsOfManyRecipientsFromOneAddressIsNeverLimited() {
        List<Long> messages = new ArrayList<>();
        for (int i = 0; i < 4 * LIMIT; i++) {
            messages.add(fx.sentMessage(campaign, "r" + i + "@example.com"));
        }
        for (long m : messages) {
            assertThat(server.get(server.urls.openPixel(m), "User-Agent",
                    "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)").statusCode()).isEqualTo(200);
        }
        server.flush();

        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isEqualTo(messages.size());
    }

    @Test
    void anotherAddressOnTheSameTokenHasItsOwnAllowance() {
        HitRateLimit limit = new HitRateLimit(2);
        Instant now = Instant.now();
        assertThat(limit.allows(Hit.open(1, now, "192.0.2.1", "a"))).isTrue();
        assertThat(limit.allows(Hit.open(1, now, "192.0.2.1", "a"))).isTrue();
        assertThat(limit.allows(Hit.open(1, now, "192.0.2.1", "a"))).isFalse();
        assertThat(limit.allows(Hit.open(1, now, "198.51.100.9", "a"))).isTrue();
        assertThat(new HitRateLimit(0).allows(Hit.open(1, now, "192.0.2.1", "a"))).isTrue();
    }
}
