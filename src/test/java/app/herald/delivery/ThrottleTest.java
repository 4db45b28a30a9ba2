package app.herald.delivery;

import static app.herald.campaign.CampaignFixtures.contact;
import static app.herald.campaign.CampaignFixtures.draft;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.MessageTrackingLogConfig;
import app.herald.config.SendingConfig;
import app.herald.config.SendingConfig.DomainLimit;
import app.herald.config.SendingConfig.Window;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import app.herald.tracelog.WrittenLog;
import app.herald.tracelog.WrittenLog.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The sending limits: per node (rate, in flight) and for all nodes together (sliding window, per domain). */
@Tag("storage")
class ThrottleTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    Path dir;

    private static SendingConfig limits(double rate, Optional<Window> window, Map<String, DomainLimit> domains) {
        return new SendingConfig(List.of(Sending.relay(25, 1, 1)), 5, Duration.ofMinutes(1), rate, window, domains);
    }

    @Test
    void theSlidingWindowCapHoldsForTwoNodesSendingAtOnce() throws Exception {
        SendingConfig config = limits(0, Optional.of(new Window(20, Duration.ofHours(1))), Map.of());
        // two nodes share only the database
        List<Throttle> nodes = List.of(Throttle.of(DB.jdbi(), config), Throttle.of(DB.jdbi(), config));
        ConcurrentLinkedQueue<Throttle.Admission> answers = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            Throttle node = nodes.get(t % 2);
            threads.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    answers.add(node.admit("x" + i + "@example.com", Duration.ZERO));
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(answers).hasSize(40);
        assertThat(answers).filteredOn(a -> a instanceof Throttle.Admitted).hasSize(20);
        assertThat(answers).filteredOn(a -> a instanceof Throttle.Held).allSatisfy(a -> {
            Throttle.Held h = (Throttle.Held) a;
            assertThat(h.reason()).isEqualTo("all nodes together send at most 20 per 1h (delivery.window_limit)");
            assertThat(h.retryAfter()).isGreaterThan(Duration.ofMinutes(59));
        });
    }

    @Test
    void aDomainsLimitHoldsForThatDomainOnlyAndForBothNodes() {
        SendingConfig config = limits(0, Optional.empty(),
                Map.of("gmail.com", new DomainLimit(Optional.of(new Window(3, Duration.ofMinutes(1))), 0)));
        Throttle node1 = Throttle.of(DB.jdbi(), config);
        Throttle node2 = Throttle.of(DB.jdbi(), config);

        assertThat(node1.admit("a1@Gmail.com", Duration.ZERO)).isInstanceOf(Throttle.Admitted.class);
        assertThat(node2.admit("a2@gmail.com", Duration.ZERO)).isInstanceOf(Throttle.Admitted.class);
        assertThat(node1.admit("a3@gmail.com", Duration.ZERO)).isInstanceOf(Throttle.Admitted.class);
        Throttle.Admission fourth = node2.admit("a4@gmail.com", Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            assertThat(node1.admit("b" + i + "@example.org", Duration.ZERO)).isInstanceOf(Throttle.Admitted.class);
        }

        assertThat(fourth).isInstanceOfSatisfying(Throttle.Held.class, h -> {
            assertThat(h.reason()).isEqualTo("all nodes together send at most 3 per 1m to gmail.com (delivery.domain_limits)");
            assertThat(h.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(62));
        });
    }

    @Test
    void messagesInFlightToADomainAreCappedOnEachNode() {
        Throttle throttle = Throttle.of(DB.jdbi(), limits(0, Optional.empty(), Map.of("example.org", new DomainLimit(Optional.empty(), 2))));

        Throttle.Admission first = throttle.admit("a@example.org", Duration.ZERO);
        Throttle.Admission second = throttle.admit("b@example.org", Duration.ZERO);
        Throttle.Admission third = throttle.admit("c@example.org", Duration.ZERO);
        ((Throttle.Admitted) first).close();
        Throttle.Admission fourth = throttle.admit("d@example.org", Duration.ZERO);

        assertThat(second).isInstanceOf(Throttle.Admitted.class);
        assertThat(third).isInstanceOfSatisfying(Throttle.Held.class, h ->
                assertThat(h.reason()).isEqualTo("2 messages to example.org are in flight on this node (delivery.domain_limits)"));
        assertThat(fourth).isInstanceOf(Throttle.Admitted.class);
    }

    @Test
    void theRateSpacesMessagesOutOnTheNode() {
        Throttle throttle = Throttle.of(DB.jdbi(), limits(10, Optional.empty(), Map.of()));

        long started = System.nanoTime();
        List<Throttle.Admission> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(throttle.admit("a@example.com", Duration.ofSeconds(1)));
        }

        // ten at once (one second's worth), then one every 100 ms
        assertThat(answers).allSatisfy(a -> assertThat(a).isInstanceOf(Throttle.Admitted.class));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aThrottledMessageIsLoggedRequeuedAndSentLaterWithoutUsingATry() throws Exception {
        long listId = list(DB.jdbi(), "customers");
        for (int i = 1; i <= 5; i++) {
            contact(DB.jdbi(), "g" + i + "@gmail.com", "G", "active", "{}", listId);
        }
        TrackingLog log = TrackingLog.open(MessageTrackingLogConfig.defaults(dir));
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(Set.of(), 0)) {
            SendingConfig config = new SendingConfig(List.of(Sending.relay(relay.port(), 2, 1)), 5, Duration.ofMinutes(1), 0,
                    Optional.empty(), Map.of("gmail.com", new DomainLimit(Optional.of(new Window(2, Duration.ofSeconds(3))), 0)));
            try (Sending sending = new Sending(DB.jdbi(), config, Duration.ofSeconds(5), log)) {
                sending.throttle = Throttle.of(DB.jdbi(), config);
                // no retries: a throttled message that used up a try would fail
                long id = sending.campaigns.create(draft("Hello", "<p>Hi</p>", listId));

                long started = System.nanoTime();
                sending.start().delivery().send(id);
                sending.awaitStatus(id, "sent");
                log.close();

                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
                assertThat(relay.delivered).hasSize(5);
                assertThat(sending.count("SELECT count(*) FROM message WHERE campaign_id = :c AND status = 'sent' AND attempts = 1", id))
                        .isEqualTo(5);
                assertThat(sending.count("SELECT failed FROM campaign_stats WHERE campaign_id = :c", id)).isZero();
                List<Row> rows = WrittenLog.rows(dir);
                List<Row> throttled = rows.stream().filter(r -> r.eventId().equals("THROTTLE")).toList();
                assertThat(throttled).isNotEmpty().allSatisfy(r -> {
                    assertThat(r.get("source")).isEqualTo("QUEUE");
                    assertThat(r.recipientStatus()).containsExactly(
                            "throttled: all nodes together send at most 2 per 3s to gmail.com (delivery.domain_limits)");
                });
                assertThat(rows).filteredOn(r -> r.eventId().equals("SEND")).hasSize(5);
                assertThat(rows).filteredOn(r -> Set.of("DEFER", "FAIL").contains(r.eventId())).isEmpty();
            }
        } finally {
            log.close();
        }
    }
}
