package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.IpStorage;
import app.herald.store.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the hit writer keeps of hits under the privacy settings: campaign options, consent, IP storage. */
@Tag("storage")
class HitPrivacyTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

    private final CampaignFixture fx = new CampaignFixture(DB.jdbi());

    @Test
    void anonymousCampaignCountsHitsButStoresNothingPerPerson() {
        long campaign = fx.campaign("Anonymous");
        DB.jdbi().useHandle(h -> h.execute("UPDATE campaign SET anonymous = true WHERE id = ?", campaign));
        fx.link(campaign, 0, "https://shop.example/a");
        long a = fx.sentMessage(campaign, "anon-a@example.com");
        long b = fx.sentMessage(campaign, "anon-b@example.com");
        Instant t = Instant.now().minusSeconds(5);
        fx.sentAt(campaign, t.minusSeconds(3600));

        List<Hit> personal = new HitWriter(DB.jdbi()).write(List.of(Hit.open(a, t, "198.51.100.7", CHROME),
                Hit.open(a, t.plusSeconds(1), "198.51.100.7", CHROME), Hit.open(b, t.plusSeconds(2), "198.51.100.8", CHROME),
                Hit.click(a, 0, t.plusSeconds(3), "198.51.100.7", CHROME)));

        assertThat(personal).isEmpty(); // nothing for the tracking log either
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE campaign_id = ?", campaign)).isZero();
        assertThat(fx.count("SELECT count(*) FROM message_link_click WHERE message_id IN (?, ?)", a, b)).isZero();
        assertThat(fx.count("SELECT coalesce(sum(opens + clicks + human_opens + human_clicks), 0) FROM message WHERE campaign_id = ?", campaign)).isZero();
        assertThat(fx.count("SELECT count(*) FROM message WHERE campaign_id = ? AND (first_open_at IS NOT NULL OR first_click_at IS NOT NULL)", campaign)).isZero();
        assertThat(fx.count("SELECT opens FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(3);
        assertThat(fx.count("SELECT clicks FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(1);
        assertThat(fx.count("SELECT unique_opens FROM campaign_stats WHERE campaign_id = ?", campaign)).isZero();
        assertThat(fx.count("SELECT clicks FROM link_stats WHERE campaign_id = ? AND idx = 0", campaign)).isEqualTo(1);
        assertThat(fx.count("SELECT sum(opens) FROM campaign_activity WHERE campaign_id = ?", campaign)).isEqualTo(3);
    }

    @Test
    void hitsOfAKindTheCampaignDoesNotTrackAreDropped() {
        long campaign = fx.campaign("No opens");
        DB.jdbi().useHandle(h -> h.execute("UPDATE campaign SET track_opens = false WHERE id = ?", campaign));
        fx.link(campaign, 0, "https://shop.example/a");
        long m = fx.sentMessage(campaign, "no-opens@example.com");

        new HitWriter(DB.jdbi()).write(List.of(Hit.open(m, Instant.now(), "198.51.100.7", CHROME),
                Hit.click(m, 0, Instant.now(), "198.51.100.7", CHROME)));

        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ? AND kind = 'open'", m)).isZero();
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ? AND kind = 'click'", m)).isEqualTo(1);
        assertThat(fx.count("SELECT opens FROM campaign_stats WHERE campaign_id = ?", campaign)).isZero();
    }

    @Test
    void hitsOfAContactWhoWithdrewConsentAreDropped() {
        long campaign = fx.campaign("Withdrawn");
        long m = fx.sentMessage(campaign, "withdrawn@example.com");
        DB.jdbi().useHandle(h -> h.execute("UPDATE contact SET tracking_consent = 'off' WHERE email = 'withdrawn@example.com'"));

        new HitWriter(DB.jdbi()).write(List.of(Hit.open(m, Instant.now(), "198.51.100.7", CHROME)));

        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ?", m)).isZero();
        assertThat(fx.count("SELECT opens FROM message WHERE id = ?", m)).isZero();
    }

    @Test
    void storesTheAddressAsIpStorageSays() {
        long campaign = fx.campaign("Addresses");
        long full = fx.sentMessage(campaign, "ip-full@example.com");
        long truncated = fx.sentMessage(campaign, "ip-truncated@example.com");
        long none = fx.sentMessage(campaign, "ip-none@example.com");
        Instant t = Instant.now();

        new HitWriter(DB.jdbi(), IpStorage.FULL).write(List.of(Hit.open(full, t, "203.0.113.77", CHROME)));
        new HitWriter(DB.jdbi(), IpStorage.TRUNCATED).write(List.of(Hit.open(truncated, t, "2001:db8:abcd:12::1", CHROME)));
        new HitWriter(DB.jdbi(), IpStorage.NONE).write(List.of(Hit.open(none, t, "203.0.113.77", CHROME)));

        assertThat(ip(full)).isEqualTo("203.0.113.77");
        assertThat(ip(truncated)).isEqualTo("2001:db8:abcd::");
        assertThat(ip(none)).isNull();
    }

    @Test
    void theMachineRulesSeeTheFullAddressEvenWhenNoneIsStored() {
        long campaign = fx.campaign("Apple proxy");
        long m = fx.sentMessage(campaign, "mpp@example.com");

        new HitWriter(DB.jdbi(), IpStorage.NONE).write(List.of(Hit.open(m, Instant.now(), "17.58.101.3", "Mozilla/5.0")));

        assertThat(ip(m)).isNull();
        String kind = DB.jdbi().withHandle(h -> h.createQuery("SELECT machine_kind FROM tracking_event WHERE message_id = ?")
                .bind(0, m).mapTo(String.class).one());
        assertThat(kind).isEqualTo("privacy_proxy_prefetch");
    }

    private static String ip(long messageId) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT ip FROM tracking_event WHERE message_id = ?")
                .bind(0, messageId).mapTo(String.class).one());
    }
}
