package app.herald.tracking;

import app.herald.config.IpStorage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class HitRecorderTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Instant T0 = Instant.parse("2025-03-04T10:15:30.123456Z");

    private CampaignFixture fx;
    private long campaign;

    @BeforeEach
    void campaign() {
        fx = new CampaignFixture(DB.jdbi());
        campaign = fx.campaign("Spring");
        fx.link(campaign, 0, "https://shop.example.com/a");
        fx.link(campaign, 1, "https://shop.example.com/b");
    }

    @Test
    void severalHitsOfOneMessageInOneBatchCountItOnceAsUnique() {
        long a = fx.sentMessage(campaign, "a@example.com");
        long b = fx.sentMessage(campaign, "b@example.com");

        new HitWriter(DB.jdbi()).write(List.of(open(a, 0), open(a, 1), open(b, 2), click(a, 0, 3), click(a, 0, 4), click(a, 1, 5)));
        new HitWriter(DB.jdbi()).write(List.of(open(a, 6), click(a, 0, 7), click(b, 1, 8)));

        assertThat(stats()).containsExactly(4L, 2L, 5L, 2L, 0L);
        assertThat(fx.count("SELECT clicks * 10 + unique_clicks FROM link_stats WHERE campaign_id = ? AND idx = 0", campaign)).isEqualTo(31);
        assertThat(fx.count("SELECT clicks * 10 + unique_clicks FROM link_stats WHERE campaign_id = ? AND idx = 1", campaign)).isEqualTo(22);
        assertThat(fx.count("SELECT count(*) FROM message_link_click")).isEqualTo(3);
        assertThat(fx.count("SELECT opens * 10 + clicks FROM message WHERE id = ?", a)).isEqualTo(34);
        assertThat(fx.count("SELECT sum(opens) * 100 + sum(clicks) FROM campaign_activity WHERE campaign_id = ?", campaign)).isEqualTo(405);
    }

    @Test
    void keepsTheEarliestFirstAndLatestLastTimesWhateverTheOrderOfArrival() {
        long a = fx.sentMessage(campaign, "a@example.com");
        HitWriter writer = new HitWriter(DB.jdbi());

        writer.write(List.of(open(a, 60), open(a, 30)));
        writer.write(List.of(open(a, 10), open(a, 40)));
        writer.write(List.of(click(a, 0, 90)));

        assertThat(time("first_open_at", a)).isEqualTo(T0.plusSeconds(10));
        assertThat(time("last_open_at", a)).isEqualTo(T0.plusSeconds(60));
        assertThat(time("first_click_at", a)).isEqualTo(T0.plusSeconds(90));
        assertThat(time("last_click_at", a)).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void countsEveryHitFromManyThreadsExactly() throws Exception {
        int messages = 40;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            ids.add(fx.sentMessage(campaign, "r" + i + "@example.com"));
        }
        int threads = 8;
        int perThread = 250;
        try (HitRecorder recorder = new HitRecorder(DB.jdbi(), 10_000, 100, TrackingLog.disabled());
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        // messages 0..29 open, every third of them clicks: 2 of 3 hits are opens
                        long message = ids.get((thread * perThread + i) % 30);
                        recorder.record(i % 3 == 2 && message % 3 == 0
                                ? Hit.click(message, i % 2, Instant.now(), "10.0.0." + thread, "load")
                                : Hit.open(message, Instant.now(), "10.0.0." + thread, "load"));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(recorder.pending()).isZero();
        }

        long events = fx.count("SELECT count(*) FROM tracking_event");
        long opens = fx.count("SELECT count(*) FROM tracking_event WHERE kind = 'open'");
        long clicks = fx.count("SELECT count(*) FROM tracking_event WHERE kind = 'click'");
        assertThat(events).isEqualTo(threads * perThread);
        assertThat(stats()).containsExactly(opens,
                fx.count("SELECT count(DISTINCT message_id) FROM tracking_event WHERE kind = 'open'"),
                clicks,
                fx.count("SELECT count(DISTINCT message_id) FROM tracking_event WHERE kind = 'click'"),
                0L);
        assertThat(fx.count("SELECT sum(opens) FROM message")).isEqualTo(opens);
        assertThat(fx.count("SELECT sum(clicks) FROM message")).isEqualTo(clicks);
        assertThat(fx.count("SELECT sum(clicks) FROM link_stats")).isEqualTo(clicks);
        assertThat(fx.count("SELECT sum(unique_clicks) FROM link_stats"))
                .isEqualTo(fx.count("SELECT count(*) FROM (SELECT DISTINCT message_id, link_idx FROM tracking_event WHERE kind = 'click') x"));
        assertThat(fx.count("SELECT sum(opens + clicks) FROM campaign_activity")).isEqualTo(events);
    }

    @Test
    void closeWritesEveryQueuedHit() {
        long a = fx.sentMessage(campaign, "a@example.com");
        HitRecorder recorder = new HitRecorder(DB.jdbi(), 10_000, 50, TrackingLog.disabled());
        for (int i = 0; i < 5_000; i++) {
            recorder.record(open(a, i));
        }

        recorder.close();

        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isEqualTo(5_000);
        assertThat(fx.count("SELECT opens FROM message WHERE id = ?", a)).isEqualTo(5_000);
    }

    @Test
    void aDurableRecorderStartedAgainOnItsJournalWritesNothingTwice() throws Exception {
        long a = fx.sentMessage(campaign, "a@example.com");
        java.nio.file.Path dataDir = app.herald.store.TestDatabase.tempDir("herald-journal");
        try (HitRecorder recorder = HitRecorder.durable(DB.jdbi(), TrackingLog.disabled(), IpStorage.FULL, dataDir, HitRecorder.JOURNAL_LIMIT)) {
            for (int i = 0; i < 10; i++) {
                recorder.record(open(a, i));
            }
        }
        try (HitRecorder again = HitRecorder.durable(DB.jdbi(), TrackingLog.disabled(), IpStorage.FULL, dataDir, HitRecorder.JOURNAL_LIMIT)) {
            again.record(open(a, 10));
            assertThat(again.flush(Duration.ofSeconds(30))).isTrue();
        }

        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isEqualTo(11);
        assertThat(fx.count("SELECT opens FROM message WHERE id = ?", a)).isEqualTo(11);
    }

    @Test
    void refusesHitsOnceClosed() {
        long a = fx.sentMessage(campaign, "a@example.com");
        HitRecorder recorder = new HitRecorder(DB.jdbi(), TrackingLog.disabled());
        recorder.close();

        assertThatThrownBy(() -> recorder.record(open(a, 0)))
                .isInstanceOf(TrackingUnavailableException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void retriesAFailedBatchUntilTheDatabaseTakesIt() throws Exception {
        long a = fx.sentMessage(campaign, "a@example.com");
        try (HitRecorder recorder = new HitRecorder(DB.jdbi(), TrackingLog.disabled())) {
            blockEvents();
            try {
                recorder.record(open(a, 0));
                assertThat(recorder.flush(Duration.ofMillis(700))).isFalse();
                assertThat(recorder.pending()).isEqualTo(1);
            } finally {
                unblockEvents();
            }
            assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isEqualTo(1);
        assertThat(stats()).containsExactly(1L, 1L, 0L, 0L, 0L);
    }

    @Test
    void logsWriteFailuresWithoutTheRowsAddressesOrUserAgents() {
        long a = fx.sentMessage(campaign, "a@example.com");
        blockEvents();
        try {
            assertThatThrownBy(() -> new HitWriter(DB.jdbi()).write(List.of(open(a, 0))))
                    .satisfies(e -> assertThat(HitRecorder.cause(e))
                            .contains("violates check constraint", "23514")
                            .doesNotContain("192.0.2.1", "Mail/1.0"));
        } finally {
            unblockEvents();
        }
    }

    @Test
    void makesRequestsWaitThenFailsLoudlyWhenTheQueueStaysFull() throws Exception {
        long a = fx.sentMessage(campaign, "a@example.com");
        try (HitRecorder recorder = new HitRecorder(DB.jdbi(), 2, 1, TrackingLog.disabled())) {
            blockEvents();
            try {
                recorder.record(open(a, 0));
                Thread.sleep(300); // the writer has taken it and keeps retrying
                recorder.record(open(a, 1));
                recorder.record(open(a, 2));
                long start = System.nanoTime();
                assertThatThrownBy(() -> recorder.record(open(a, 3)))
                        .isInstanceOf(TrackingUnavailableException.class)
                        .hasMessageContaining("still full");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
            } finally {
                unblockEvents();
            }
            assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isEqualTo(3);
    }

    @Test
    void hitsOfMessagesThatNoLongerExistAreSkippedWithoutHoldingUpOthers() throws Exception {
        long a = fx.sentMessage(campaign, "a@example.com");
        try (HitRecorder recorder = new HitRecorder(DB.jdbi(), TrackingLog.disabled())) {
            recorder.record(open(a + 1_000, 0));
            recorder.record(Hit.click(a + 1_000, 1, T0, "10.0.0.1", null));
            recorder.record(open(a, 1));
            assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isEqualTo(1);
        assertThat(stats()).containsExactly(1L, 1L, 0L, 0L, 0L);
    }

    private List<Long> stats() {
        return DB.jdbi().withHandle(h -> h.createQuery(
                        "SELECT opens, unique_opens, clicks, unique_clicks, unsubscribes FROM campaign_stats WHERE campaign_id = :id")
                .bind("id", campaign)
                .map((rs, ctx) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .one());
    }

    private Instant time(String column, long message) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT " + column + " FROM message WHERE id = :id").bind("id", message)
                .mapTo(OffsetDateTime.class).one()).toInstant();
    }

    /** A real write failure: every insert into tracking_event violates a check until it is dropped. */
    private static void blockEvents() {
        DB.jdbi().useHandle(h -> h.execute("ALTER TABLE tracking_event ADD CONSTRAINT test_block_hits CHECK (false) NOT VALID"));
    }

    private static void unblockEvents() {
        DB.jdbi().useHandle(h -> h.execute("ALTER TABLE tracking_event DROP CONSTRAINT IF EXISTS test_block_hits"));
    }

    private static Hit open(long message, int second) {
        return Hit.open(message, T0.plusSeconds(second).truncatedTo(ChronoUnit.MICROS), "192.0.2.1", "Mail/1.0");
    }

    private static Hit click(long message, int idx, int second) {
        return Hit.click(message, idx, T0.plusSeconds(second), "192.0.2.1", "Mail/1.0");
    }
}
