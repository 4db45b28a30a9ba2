package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the writer's binary COPY stores, and the events' life with their message (no foreign key since V20). */
@Tag("storage")
class HitWriterTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Instant SENT = Instant.parse("2025-06-03T09:00:00Z");
    private static final String OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17726; Pro)";

    private CampaignFixture fx;
    private long campaign;

    @BeforeEach
    void campaign() {
        fx = new CampaignFixture(DB.jdbi());
        campaign = fx.campaign("Autumn");
        fx.link(campaign, 0, "https://shop.example.com/a");
    }

    @Test
    void evidenceReadsBackAsTheJsonDocumentItWasStoredAsBeforeV20() {
        long m = fx.sentMessage(campaign, "ann@example.com");
        fx.sentAt(campaign, SENT);

        new HitWriter(DB.jdbi()).write(List.of(Hit.open(m, SENT.plusSeconds(3600), "198.51.100.7", OUTLOOK),
                Hit.click(m, 0, SENT.plusSeconds(3700), "198.51.100.7", "curl/8.5.0")));

        // what Jackson wrote into the jsonb column, as PostgreSQL gave it back
        List<String> before = DB.jdbi().withHandle(h -> h.createQuery("SELECT CAST(x AS jsonb)::text FROM unnest(CAST(:docs AS text[])) x")
                .bindArray("docs", String.class, List.of(
                        "{\"method\":\"GET\",\"seconds_after_send\":3600,\"agent\":\"Outlook\",\"repeats\":0,\"rule\":\"known_client\","
                                + "\"client\":\"Outlook\",\"device\":\"desktop\",\"os\":\"Windows\"}",
                        "{\"method\":\"GET\",\"seconds_after_send\":3700,\"agent\":\"script or HTTP library\",\"burst_links\":1,\"click_before_open\":false,"
                                + "\"repeats\":0,\"rule\":\"machine_agent\"}"))
                .mapTo(String.class).list());
        List<String> stored = DB.jdbi().withHandle(h -> h.createQuery(
                "SELECT tracking_event_evidence(e)::text FROM tracking_event e WHERE message_id = :m ORDER BY occurred_at")
                .bind("m", m).mapTo(String.class).list());
        assertThat(stored).isEqualTo(before);
    }

    @Test
    void timesAreStoredToTheNearestMicrosecond() {
        long m = fx.sentMessage(campaign, "bob@example.com");
        Instant at = Instant.parse("2025-06-03T10:00:00.123456789Z");

        new HitWriter(DB.jdbi()).write(List.of(Hit.open(m, at, "198.51.100.7", OUTLOOK)));

        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ? AND occurred_at = '2025-06-03T10:00:00.123457Z'", m))
                .isEqualTo(1);
        assertThat(fx.count("SELECT count(*) FROM message WHERE id = ? AND first_open_at = '2025-06-03T10:00:00.123457Z'"
                + " AND last_open_at = first_open_at", m)).isEqualTo(1);
        assertThat(fx.count("SELECT count(*) FROM campaign_activity WHERE campaign_id = ? AND minute = '2025-06-03T10:00:00Z'", campaign))
                .isEqualTo(1);
    }

    @Test
    void textIsStoredAsSentWhateverItsCharacters() {
        long m = fx.sentMessage(campaign, "gus@example.com");
        String agent = "Thunderbïrd/128 (Ünïcode; 日本語; \"quoted\" \\ {braces}, commas)";

        new HitWriter(DB.jdbi()).write(List.of(Hit.open(m, SENT, "198.51.100.7", agent)));

        String stored = DB.jdbi().withHandle(h -> h.createQuery("SELECT user_agent FROM tracking_event WHERE message_id = :m")
                .bind("m", m).mapTo(String.class).one());
        assertThat(stored).isEqualTo(agent);
    }

    @Test
    void aLinkClickedAgainInALaterBatchIsNoNewUniqueClick() {
        fx.link(campaign, 1, "https://shop.example.com/b");
        long m = fx.sentMessage(campaign, "hal@example.com");
        HitWriter writer = new HitWriter(DB.jdbi());

        writer.write(List.of(Hit.click(m, 0, SENT, "198.51.100.7", OUTLOOK)));
        writer.write(List.of(Hit.click(m, 0, SENT.plusSeconds(60), "198.51.100.7", OUTLOOK),
                Hit.click(m, 1, SENT.plusSeconds(61), "198.51.100.7", OUTLOOK)));
        new HitWriter(DB.jdbi()).write(List.of(Hit.click(m, 1, SENT.plusSeconds(120), "198.51.100.7", OUTLOOK))); // another node

        assertThat(fx.count("SELECT clicks * 10 + unique_clicks FROM link_stats WHERE campaign_id = ? AND idx = 0", campaign)).isEqualTo(21);
        assertThat(fx.count("SELECT clicks * 10 + unique_clicks FROM link_stats WHERE campaign_id = ? AND idx = 1", campaign)).isEqualTo(21);
    }

    @Test
    void deletingMessagesDeletesTheirEvents() {
        long gone = fx.sentMessage(campaign, "cai@example.com");
        long kept = fx.sentMessage(campaign, "dan@example.com");
        new HitWriter(DB.jdbi()).write(List.of(Hit.open(gone, SENT, "198.51.100.7", OUTLOOK),
                Hit.click(gone, 0, SENT, "198.51.100.7", OUTLOOK), Hit.open(kept, SENT, "198.51.100.8", OUTLOOK)));

        DB.jdbi().useHandle(h -> h.execute("DELETE FROM message WHERE id = ?", gone));

        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ?", gone)).isZero();
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ?", kept)).isEqualTo(1);
    }

    @Test
    void deletingACampaignDeletesTheEventsOfItsMessages() {
        long other = fx.campaign("Winter");
        long m = fx.sentMessage(campaign, "eve@example.com");
        long o = fx.sentMessage(other, "fay@example.com");
        new HitWriter(DB.jdbi()).write(List.of(Hit.open(m, SENT, "198.51.100.7", OUTLOOK), Hit.open(o, SENT, "198.51.100.7", OUTLOOK)));

        DB.jdbi().useHandle(h -> h.execute("DELETE FROM campaign WHERE id = ?", campaign));

        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ?", m)).isZero();
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ?", o)).isEqualTo(1);
    }
}
