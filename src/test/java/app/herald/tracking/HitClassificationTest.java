package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.report.CampaignReport;
import app.herald.report.Reports;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Verdicts and the human and machine counters through the real writer and PostgreSQL. */
@Tag("storage")
class HitClassificationTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Instant SENT = Instant.parse("2025-06-03T09:00:00Z");
    private static final String OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17726; Pro)";
    private static final String EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    private static final String GMAIL_PROXY = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

    private CampaignFixture fx;
    private long campaign;

    @BeforeEach
    void campaign() {
        fx = new CampaignFixture(DB.jdbi());
        campaign = fx.campaign("Summer");
        fx.link(campaign, 0, "https://shop.example.com/a");
        fx.link(campaign, 1, "https://shop.example.com/b");
        fx.link(campaign, 2, "https://shop.example.com/c");
    }

    @Test
    void countsHumanAndMachineHitsApartAndExactlyThroughTheRecorder() throws Exception {
        long ann = fx.sentMessage(campaign, "ann@example.com");
        long bob = fx.sentMessage(campaign, "bob@example.com");
        long cai = fx.sentMessage(campaign, "cai@example.com");
        long test = fx.testMessage(campaign, "me@example.com");
        fx.sendCounts(campaign, 3, 3, 0);
        fx.sentAt(campaign, SENT);
        try (HitRecorder recorder = new HitRecorder(DB.jdbi(), 1_000, 2, TrackingLog.disabled())) {
            for (Hit hit : List.of(
                    Hit.open(ann, at(3600), "198.51.100.7", OUTLOOK),
                    Hit.click(ann, 0, at(3700), "198.51.100.7", EDGE),
                    Hit.open(ann, at(7200), "198.51.100.7", OUTLOOK),
                    Hit.open(bob, at(40), "17.58.101.20", "Mozilla/5.0"),
                    Hit.open(bob, at(5000), "66.249.84.20", GMAIL_PROXY),
                    Hit.click(bob, 2, at(5100), "203.0.113.40", CHROME),
                    Hit.click(cai, 0, at(8), "40.107.22.14", CHROME),
                    Hit.click(cai, 1, at(8), "40.107.22.14", CHROME),
                    Hit.click(cai, 2, at(9), "40.107.22.14", CHROME),
                    Hit.open(cai, at(100), "198.18.11.1", "curl/8.5.0"),
                    Hit.open(test, at(600), "198.51.100.9", OUTLOOK))) {
                recorder.record(hit);
            }
            assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
        }

        CampaignReport r = new Reports(DB.jdbi()).campaignReport(campaign);
        assertThat(List.of(r.opens(), r.uniqueOpens(), r.clicks(), r.uniqueClicks())).containsExactly(5L, 3L, 5L, 3L);
        assertThat(r.human()).isEqualTo(new CampaignReport.Human(2, 3, 0.6667, 2, 2, 0.6667));
        assertThat(r.machine().opens()).isEqualTo(2);
        assertThat(r.machine().clicks()).isEqualTo(3);
        assertThat(r.machine().byKind()).containsExactly(
                Map.entry("privacy_proxy_prefetch", new CampaignReport.KindCount(1, 0)),
                Map.entry("security_scanner", new CampaignReport.KindCount(0, 3)),
                Map.entry("link_checker", new CampaignReport.KindCount(0, 0)),
                Map.entry("unknown_bot", new CampaignReport.KindCount(1, 0)));
        assertThat(r.clients()).containsExactly(
                new CampaignReport.ClientOpens("Outlook", "desktop", "Windows", 2),
                new CampaignReport.ClientOpens("Gmail (image proxy)", "unknown", "unknown", 1));
        assertThat(fx.count("SELECT human_opens * 10 + human_clicks FROM message WHERE id = ?", ann)).isEqualTo(21);
        assertThat(fx.count("SELECT human_opens * 10 + human_clicks FROM message WHERE id = ?", cai)).isZero();
        assertThat(time("first_human_open_at", bob)).isEqualTo(at(5000));
        assertThat(time("first_open_at", bob)).isEqualTo(at(40));
        assertThat(fx.count("SELECT human_opens FROM message WHERE id = ?", test)).as("a test send keeps its own counters").isEqualTo(1);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE verdict = 'unknown'")).isZero();
    }

    @Test
    void burstSpreadOverTwoBatchesIsJudgedAsInOneBatch() {
        long split = fx.sentMessage(campaign, "split@example.com");
        long whole = fx.sentMessage(campaign, "whole@example.com");
        fx.sentAt(campaign, SENT);
        HitWriter writer = new HitWriter(DB.jdbi());

        writer.write(List.of(scannerClick(split, 0, 600), scannerClick(split, 1, 603)));
        writer.write(List.of(scannerClick(split, 2, 606)));
        writer.write(List.of(scannerClick(whole, 0, 600), scannerClick(whole, 1, 603), scannerClick(whole, 2, 606)));

        assertThat(verdicts(split)).containsExactly("human", "human", "machine security_scanner click_burst");
        assertThat(verdicts(whole)).isEqualTo(verdicts(split));
        assertThat(fx.count("SELECT clicks FROM campaign_machine_stats WHERE campaign_id = ? AND kind = 'security_scanner'", campaign))
                .isEqualTo(2);
    }

    @Test
    void aBurstSpreadOverTwoNodesIsSeenByBothThoughEachKeepsItsHistoriesInMemory() {
        long m = fx.sentMessage(campaign, "two-nodes@example.com");
        fx.sentAt(campaign, SENT);
        HitWriter nodeA = new HitWriter(DB.jdbi());
        HitWriter nodeB = new HitWriter(DB.jdbi());

        nodeA.write(List.of(scannerClick(m, 0, 600)));
        nodeB.write(List.of(scannerClick(m, 1, 603)));
        // node A keeps a history with one click; the row now counts two, so A reads B's click back
        nodeA.write(List.of(scannerClick(m, 2, 606)));

        assertThat(verdicts(m)).containsExactly("human", "human", "machine security_scanner click_burst");
    }

    @Test
    void aBatchThatFailsLeavesNoTraceInTheHistoriesOfTheNext() {
        long m = fx.sentMessage(campaign, "retried@example.com");
        fx.sentAt(campaign, SENT);
        HitWriter writer = new HitWriter(DB.jdbi());
        writer.write(List.of(scannerClick(m, 0, 600)));
        DB.jdbi().useHandle(h -> h.execute("ALTER TABLE tracking_event ADD CONSTRAINT test_block_hits CHECK (false) NOT VALID"));
        try {
            assertThatThrownBy(() -> writer.write(List.of(scannerClick(m, 1, 603)))).isInstanceOf(RuntimeException.class);
        } finally {
            DB.jdbi().useHandle(h -> h.execute("ALTER TABLE tracking_event DROP CONSTRAINT test_block_hits"));
        }

        // judged with the failed click in view, this would be a burst of three links
        writer.write(List.of(scannerClick(m, 2, 606)));

        assertThat(verdicts(m)).containsExactly("human", "human");
    }

    @Test
    void clickIsJudgedAgainstAnOpenOfAnEarlierBatch() {
        long opened = fx.sentMessage(campaign, "opened@example.com");
        long unopened = fx.sentMessage(campaign, "unopened@example.com");
        fx.sentAt(campaign, SENT);
        HitWriter writer = new HitWriter(DB.jdbi());

        writer.write(List.of(Hit.open(opened, at(20), "198.51.100.7", OUTLOOK)));
        writer.write(List.of(Hit.click(opened, 0, at(40), "198.51.100.7", EDGE), Hit.click(unopened, 0, at(40), "198.51.100.8", EDGE)));

        assertThat(verdicts(opened)).containsExactly("human", "human");
        assertThat(verdicts(unopened)).containsExactly("machine security_scanner fast_click_before_open");
        assertThat(fx.count("SELECT human_unique_clicks FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(1);
    }

    @Test
    void aHumanClickAfterMachineClicksIsTheMessagesFirstHumanClick() {
        long m = fx.sentMessage(campaign, "m@example.com");
        fx.sentAt(campaign, SENT);
        HitWriter writer = new HitWriter(DB.jdbi());

        writer.write(List.of(Hit.click(m, 0, at(8), "40.107.22.14", CHROME)));
        writer.write(List.of(Hit.click(m, 0, at(9000), "198.51.100.7", EDGE)));

        assertThat(fx.count("SELECT unique_clicks * 10 + human_unique_clicks FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(11);
        assertThat(time("first_click_at", m)).isEqualTo(at(8));
        assertThat(time("first_human_click_at", m)).isEqualTo(at(9000));
    }

    private static Hit scannerClick(long message, int link, long seconds) {
        return Hit.click(message, link, at(seconds), "198.18.5.5", CHROME);
    }

    private static Instant at(long seconds) {
        return SENT.plusSeconds(seconds);
    }

    private static List<String> verdicts(long message) {
        return DB.jdbi().withHandle(h -> h.createQuery("""
                SELECT concat_ws(' ', verdict, machine_kind, CASE WHEN verdict = 'machine' THEN rule END)
                FROM tracking_event WHERE message_id = :m ORDER BY occurred_at, id""").bind("m", message).mapTo(String.class).list());
    }

    private static Instant time(String column, long message) {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT " + column + " FROM message WHERE id = :id").bind("id", message)
                .mapTo(OffsetDateTime.class).one()).toInstant();
    }
}
