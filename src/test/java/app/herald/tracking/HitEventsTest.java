package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.MessageTrackingLogConfig;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import app.herald.tracelog.WrittenLog;
import app.herald.tracelog.WrittenLog.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Opens, clicks and unsubscribes as AGENTINFO events, written with the batch that put them in the database. */
@Tag("storage")
class HitEventsTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

    @TempDir
    Path dir;

    private final CampaignFixture fx = new CampaignFixture(DB.jdbi());

    @Test
    void logsOpensAndClicksOfKnownMessagesWithTheHittersAddressAndAgent() throws Exception {
        long campaign = fx.campaign("spring");
        fx.link(campaign, 0, "https://shop.example/a?x=1;y=2");
        long anna = fx.sentMessage(campaign, "anna@example.com");
        long boss = fx.testMessage(campaign, "boss@example.com");
        UUID network = DB.jdbi().withHandle(h -> h.createQuery("SELECT network_message_id FROM message WHERE id = :id")
                .bind("id", anna).mapTo(UUID.class).one());

        List<Row> rows;
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir))) {
            try (HitRecorder recorder = new HitRecorder(DB.jdbi(), 100, 10, log)) {
                recorder.record(Hit.open(anna, T0, "203.0.113.9", "Outlook; Windows"));
                recorder.record(Hit.click(anna, 0, T0.plusSeconds(5), "203.0.113.9", "Outlook; Windows"));
                recorder.record(Hit.open(boss, T0.plusSeconds(6), "198.51.100.1", null));
                recorder.record(Hit.open(999_999, T0.plusSeconds(7), "192.0.2.1", "scanner"));
                assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
            }
            log.flush();
            rows = WrittenLog.rows(dir);
        }

        assertThat(rows).hasSize(3).allSatisfy(r -> {
            assertThat(r.eventId()).isEqualTo("AGENTINFO");
            assertThat(r.get("source")).isEqualTo("AGENT");
            assertThat(r.file()).startsWith("MSGTRK2");
        });
        Row open = rows.get(0);
        assertThat(open.get("date-time")).isEqualTo("2025-03-04T10:00:00.000Z");
        assertThat(open.get("client-ip")).isEqualTo("203.0.113.9");
        assertThat(open.get("internal-message-id")).isEqualTo(String.valueOf(anna));
        assertThat(open.get("network-message-id")).isEqualTo(network.toString());
        assertThat(open.recipients()).containsExactly("anna@example.com");
        assertThat(open.get("sender-address")).isEqualTo("shop@example.com");
        assertThat(open.customData()).containsExactly(java.util.Map.entry("Event", "Open"),
                java.util.Map.entry("UserAgent", "Outlook; Windows"), java.util.Map.entry("CampaignId", String.valueOf(campaign)));
        assertThat(rows.get(1).customData()).containsEntry("Event", "Click").containsEntry("Url", "https://shop.example/a?x=1;y=2");
        assertThat(rows.get(2).recipients()).containsExactly("boss@example.com");
        assertThat(rows.get(2).customData()).containsEntry("Kind", "Test").doesNotContainKey("UserAgent");
    }

    @Test
    void logsLaterHitsOfTheSameMessageAndLinkFullyFromWhatItAlreadyLookedUp() throws Exception {
        long campaign = fx.campaign("spring");
        fx.link(campaign, 0, "https://shop.example/a");
        fx.link(campaign, 1, "https://shop.example/b");
        long anna = fx.sentMessage(campaign, "anna@example.com");
        DB.jdbi().useHandle(h -> h.execute("UPDATE message SET message_id_header = '<x@example.com>' WHERE id = ?", anna));

        List<Row> rows;
        try (TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
             HitRecorder recorder = new HitRecorder(DB.jdbi(), 100, 10, log)) {
            for (int round = 0; round < 3; round++) {
                recorder.record(Hit.open(anna, T0.plusSeconds(round * 10), "203.0.113.9", "agent"));
                recorder.record(Hit.click(anna, round % 2, T0.plusSeconds(round * 10 + 1), "203.0.113.9", "agent"));
                assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
            }
            log.flush();
            rows = WrittenLog.rows(dir);
        }

        assertThat(rows).hasSize(6).allSatisfy(r -> {
            assertThat(r.recipients()).containsExactly("anna@example.com");
            assertThat(r.get("message-id")).isEqualTo("<x@example.com>");
        });
        assertThat(rows).extracting(r -> r.customData().get("Url"))
                .containsExactly(null, "https://shop.example/a", null, "https://shop.example/b", null, "https://shop.example/a");
    }
}
