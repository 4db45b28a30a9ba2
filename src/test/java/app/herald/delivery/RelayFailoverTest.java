package app.herald.delivery;

import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.Await;
import app.herald.config.MessageTrackingLogConfig;
import app.herald.config.SendingConfig;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import app.herald.tracelog.WrittenLog;
import app.herald.tracelog.WrittenLog.Row;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Several relays: spread by weight, failover when one is down or flapping, deferral when all are out. */
@Tag("storage")
class RelayFailoverTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    private long campaign(Sending sending, String prefix, int contacts) {
        long listId = list(DB.jdbi(), prefix);
        DB.jdbi().useHandle(h -> {
            h.execute("INSERT INTO contact (email) SELECT ? || g || '@example.com' FROM generate_series(1, ?) g", prefix, contacts);
            h.execute("INSERT INTO list_member (list_id, contact_id) SELECT ?, id FROM contact WHERE email LIKE ? || '%'", listId, prefix);
        });
        return sending.campaigns.create(draft("Hello", "<p>Hi</p>", listId));
    }

    private static SendingConfig relays(int failures, Duration cooldown, SendingConfig.Relay... relays) {
        return new SendingConfig(List.of(relays), failures, cooldown, 0, Optional.empty(), Map.of());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String connector(int port) {
        return "Herald\\Outbound SMTP 127.0.0.1:" + port;
    }

    private Map<String, Long> eventsByConnector(String eventId) {
        return WrittenLog.rows(dir).stream().filter(r -> r.eventId().equals(eventId))
                .collect(Collectors.groupingBy(r -> r.get("connector-id"), Collectors.counting()));
    }

    @Test
    void relaysGetMessagesInProportionToTheirWeights() throws Exception {
        try (ScriptedSmtpServer a = new ScriptedSmtpServer(Set.of(), 0);
             ScriptedSmtpServer b = new ScriptedSmtpServer(Set.of(), 0);
             Sending sending = new Sending(DB.jdbi(), relays(5, Duration.ofMinutes(1), Sending.relay(a.port(), 2, 3),
                     Sending.relay(b.port(), 2, 1)), Duration.ofSeconds(5), TrackingLog.disabled())) {
            long id = campaign(sending, "w", 40);

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");

            assertThat(a.delivered).hasSize(30);
            assertThat(b.delivered).hasSize(10);
        }
    }

    @Test
    void aRelayThatIsDownIsTakenOutAndItsMessagesGoToTheOtherAtOnce() throws Exception {
        int down = closedPort();
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        try (ScriptedSmtpServer up = new ScriptedSmtpServer(Set.of(), 0);
             Sending sending = new Sending(DB.jdbi(), relays(2, Duration.ofMinutes(10), Sending.relay(down, 2, 1),
                     Sending.relay(up.port(), 2, 1)), Duration.ofSeconds(5), log)) {
            sending.retrying(Duration.ofHours(1));
            long id = campaign(sending, "d", 20);

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");
            log.close();

            assertThat(up.delivered).hasSize(20);
            assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c AND status = 'sent' AND attempts = 1", id))
                    .isEqualTo(20);
            // the failed tries on the dead relay were failed over, not deferred; every SEND names the relay used
            assertThat(eventsByConnector("SEND")).isEqualTo(Map.of(connector(up.port()), 20L));
            assertThat(eventsByConnector("DEFER")).isEmpty();
            Relay dead = sending.relays.relays().getFirst();
            assertThat(dead.breaker().available(System.nanoTime())).isFalse();
        } finally {
            log.close();
        }
    }

    @Test
    void aFlappingRelayNeverCostsAMessageAndIsBackAfterItsCoolDown() throws Exception {
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        try (ScriptedSmtpServer flapping = new ScriptedSmtpServer(Set.of(), 5);
             ScriptedSmtpServer steady = new ScriptedSmtpServer(Set.of(), 5);
             Sending sending = new Sending(DB.jdbi(), relays(2, Duration.ofMillis(300), Sending.relay(flapping.port(), 2, 1),
                     Sending.relay(steady.port(), 2, 1)), Duration.ofSeconds(5), log)) {
            sending.retrying(Duration.ofHours(1));
            long id = campaign(sending, "f", 150);
            Thread flapper = Thread.ofPlatform().daemon(true).start(() -> {
                for (int i = 0; i < 40 && !Thread.currentThread().isInterrupted(); i++) {
                    flapping.failing(i % 2 == 0);
                    Dispatcher.sleepQuietly(Duration.ofMillis(100));
                }
                flapping.failing(false);
            });

            sending.start().delivery().send(id);
            sending.awaitStatus(id, "sent");
            flapper.interrupt();
            flapper.join();

            assertThat(flapping.delivered.size() + steady.delivered.size()).isEqualTo(150);
            assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c AND status = 'sent' AND attempts = 1", id))
                    .isEqualTo(150);

            // up again: after the cool-down one message tries it, and it takes messages again
            flapping.failing(false);
            Thread.sleep(400);
            int before = flapping.delivered.size();
            long second = campaign(sending, "g", 20);
            sending.delivery().send(second);
            sending.awaitStatus(second, "sent");
            log.close();
            assertThat(flapping.delivered.size() - before).isPositive();
            Map<String, Long> sends = eventsByConnector("SEND");
            assertThat(sends.get(connector(flapping.port())) + sends.get(connector(steady.port()))).isEqualTo(170);
            assertThat(eventsByConnector("DEFER")).isEmpty();
            assertThat(eventsByConnector("FAIL")).isEmpty();
        } finally {
            log.close();
        }
    }

    @Test
    void whenEveryRelayIsOutMessagesAreDeferredNotFailed() throws Exception {
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        try (Sending sending = new Sending(DB.jdbi(), relays(1, Duration.ofMinutes(10), Sending.relay(closedPort(), 1, 1),
                Sending.relay(closedPort(), 1, 1)), Duration.ofSeconds(5), log)) {
            sending.retrying(Duration.ofHours(1));
            long id = campaign(sending, "n", 6);

            sending.start().delivery().send(id);
            Await.until(Duration.ofSeconds(30), () -> sending.count("SELECT count(*) FROM message_queue WHERE campaign_id = :c "
                    + "AND lease_owner IS NULL AND next_attempt_at IS NOT NULL", id) >= 6);
            log.close();

            assertThat(sending.count("SELECT count(*) FROM message m JOIN message_queue q ON q.message_id = m.id WHERE m.campaign_id = :c "
                    + "AND m.status = 'queued' AND m.attempts = 1 AND q.attempts = 1 AND q.lease_owner IS NULL "
                    + "AND q.next_attempt_at > now() + interval '50 minutes'", id)).isEqualTo(6);
            assertThat(sending.count("SELECT failed FROM campaign_stats WHERE campaign_id = :c", id)).isZero();
            assertThat(sending.campaignStatus(id)).isEqualTo("sending");
            List<Row> defers = WrittenLog.rows(dir).stream().filter(r -> r.eventId().equals("DEFER")).toList();
            assertThat(defers).hasSize(6);
            assertThat(defers).map(r -> r.recipientStatus().get(0)).anySatisfy(s ->
                    assertThat(s).startsWith("no relay available: all 2 relays are taken out after repeated failures"));
            assertThat(defers).filteredOn(r -> r.recipientStatus().get(0).startsWith("no relay"))
                    .allSatisfy(r -> assertThat(r.get("connector-id")).isEmpty());
        } finally {
            log.close();
        }
    }
}
