package app.herald.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.report.CampaignReport.LinkReport;
import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import app.herald.tracking.TrackingServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reports over hits that came in through the real tracking endpoints. */
@Tag("storage")
class ReportsTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String HOME = "https://shop.example.com/";
    private static final String TEA = "https://shop.example.com/tea?c=green#top";

    private CampaignFixture fx;
    private TrackingServer server;
    private Reports reports;
    private long campaign;
    private long ann;
    private long bob;
    private long cai;

    @BeforeEach
    void start() {
        fx = new CampaignFixture(DB.jdbi());
        server = new TrackingServer(DB.jdbi());
        reports = new Reports(DB.jdbi());
        campaign = fx.campaign("Spring tea");
        fx.link(campaign, 0, HOME);
        fx.link(campaign, 1, TEA);
        ann = fx.sentMessage(campaign, "ann@example.com");
        bob = fx.sentMessage(campaign, "Bob@Example.com");
        cai = fx.sentMessage(campaign, "cai@example.com");
        fx.sendCounts(campaign, 3, 3, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void countsOpensAndClicksExactly() {
        server.get(server.urls.openPixel(ann));
        server.get(server.urls.openPixel(ann));
        server.get(server.urls.click(ann, 0));
        server.get(server.urls.click(ann, 0));
        server.get(server.urls.click(ann, 1));
        server.get(server.urls.openPixel(bob));
        server.flush();

        CampaignReport r = reports.campaignReport(campaign);

        assertThat(r.name()).isEqualTo("Spring tea");
        assertThat(r.status()).isEqualTo("sending");
        assertThat(List.of(r.recipients(), r.sent(), r.failed())).containsExactly(3L, 3L, 0L);
        assertThat(List.of(r.uniqueOpens(), r.opens(), r.uniqueClicks(), r.clicks(), r.unsubscribes()))
                .containsExactly(2L, 3L, 1L, 3L, 0L);
        assertThat(r.openRate()).isEqualTo(0.6667);
        assertThat(r.clickRate()).isEqualTo(0.3333);
        assertThat(r.links()).containsExactly(new LinkReport(0, HOME, 2, 1), new LinkReport(1, TEA, 1, 1));
    }

    @Test
    void ratesAreZeroWhileNothingIsSent() {
        long draft = fx.campaign("Draft");

        CampaignReport r = reports.campaignReport(draft);

        assertThat(r.openRate()).isZero();
        assertThat(r.clickRate()).isZero();
        assertThat(r.links()).isEmpty();
    }

    @Test
    void countsUnsubscribes() {
        server.post(server.urls.unsubscribe(cai), "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");

        assertThat(reports.campaignReport(campaign).unsubscribes()).isEqualTo(1);
    }

    @Test
    void unknownCampaignIsNotFound() {
        assertThatThrownBy(() -> reports.campaignReport(campaign + 99))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("campaign " + (campaign + 99) + " does not exist");
        assertThatThrownBy(() -> reports.timeline(campaign + 99)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> reports.recipients(campaign + 99, 0, 10)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void recipientReportListsStatusCountersAndEventsWithUrls() {
        server.get(server.urls.openPixel(bob), "User-Agent", "Outlook/16.0");
        server.get(server.urls.click(bob, 1), "User-Agent", "Outlook/16.0");
        server.flush();

        RecipientReport r = reports.recipient(campaign, "bob@EXAMPLE.com");

        assertThat(r.email()).isEqualTo("Bob@Example.com");
        assertThat(r.kind()).isEqualTo("campaign");
        assertThat(r.status()).isEqualTo("sent");
        assertThat(r.smtpReply()).isEqualTo("250 2.0.0 OK");
        assertThat(r.sentAt()).isNotNull();
        assertThat(r.opens()).isEqualTo(1);
        assertThat(r.clicks()).isEqualTo(1);
        assertThat(r.firstOpenAt()).isEqualTo(r.lastOpenAt()).isNotNull();
        assertThat(r.events()).extracting(RecipientReport.Event::kind, RecipientReport.Event::url, RecipientReport.Event::ip,
                        RecipientReport.Event::userAgent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("open", null, "127.0.0.1", "Outlook/16.0"),
                        org.assertj.core.groups.Tuple.tuple("click", TEA, "127.0.0.1", "Outlook/16.0"));
    }

    @Test
    void recipientWhoWasNeverMailedIsNotFound() {
        assertThatThrownBy(() -> reports.recipient(campaign, "nobody@example.com"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nobody@example.com");
    }

    @Test
    void testSendIsFoundWhenTheAddressIsNoRecipient() {
        fx.testMessage(campaign, "boss@example.com");

        assertThat(reports.recipient(campaign, "boss@example.com").kind()).isEqualTo("test");
    }

    @Test
    void recipientsComeInPagesOrderedByAddressWithoutTestSends() {
        fx.testMessage(campaign, "aaa-test@example.com");
        server.get(server.urls.openPixel(cai));
        server.flush();

        List<RecipientRow> first = reports.recipients(campaign, 0, 2);
        List<RecipientRow> second = reports.recipients(campaign, 2, 2);

        assertThat(first).extracting(RecipientRow::email).containsExactly("ann@example.com", "Bob@Example.com");
        assertThat(second).extracting(RecipientRow::email).containsExactly("cai@example.com");
        assertThat(second.getFirst().opens()).isEqualTo(1);
        assertThatThrownBy(() -> reports.recipients(campaign, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit=0");
    }

    @Test
    void timelineUsesMinutesForAYoungCampaign() {
        activity("2025-05-06T09:00:00Z", 3, 0);
        activity("2025-05-06T09:02:00Z", 1, 2);

        Timeline t = reports.timeline(campaign);

        assertThat(t.bucket()).isEqualTo("minute");
        assertThat(t.points()).containsExactly(
                new Timeline.Point(Instant.parse("2025-05-06T09:00:00Z"), 3, 0),
                new Timeline.Point(Instant.parse("2025-05-06T09:01:00Z"), 0, 0),
                new Timeline.Point(Instant.parse("2025-05-06T09:02:00Z"), 1, 2));
    }

    @Test
    void timelineUsesHoursOnceActivitySpansMoreThanSixHours() {
        activity("2025-05-06T09:10:00Z", 3, 1);
        activity("2025-05-06T09:50:00Z", 2, 0);
        activity("2025-05-06T16:05:00Z", 1, 1);

        Timeline t = reports.timeline(campaign);

        assertThat(t.bucket()).isEqualTo("hour");
        assertThat(t.points()).hasSize(8);
        assertThat(t.points().getFirst()).isEqualTo(new Timeline.Point(Instant.parse("2025-05-06T09:00:00Z"), 5, 1));
        assertThat(t.points().getLast()).isEqualTo(new Timeline.Point(Instant.parse("2025-05-06T16:00:00Z"), 1, 1));
    }

    @Test
    void timelineUsesDaysBeyondTwoWeeks() {
        activity("2025-05-01T23:59:00Z", 1, 0);
        activity("2025-05-20T00:01:00Z", 0, 1);

        Timeline t = reports.timeline(campaign);

        assertThat(t.bucket()).isEqualTo("day");
        assertThat(t.points()).hasSize(20);
        assertThat(t.points().getFirst().start()).isEqualTo(Instant.parse("2025-05-01T00:00:00Z"));
    }

    @Test
    void timelineCountsRealHits() {
        server.get(server.urls.openPixel(ann));
        server.get(server.urls.click(ann, 1));
        server.flush();

        Timeline t = reports.timeline(campaign);

        assertThat(t.points()).extracting(Timeline.Point::opens).containsExactly(1L);
        assertThat(t.points()).extracting(Timeline.Point::clicks).containsExactly(1L);
    }

    @Test
    void timelineOfACampaignWithoutHitsIsEmpty() {
        assertThat(reports.timeline(campaign).points()).isEmpty();
    }

    private void activity(String minute, long opens, long clicks) {
        DB.jdbi().useHandle(h -> h.execute("INSERT INTO campaign_activity (campaign_id, minute, opens, clicks) VALUES (?, ?::timestamptz, ?, ?)",
                campaign, minute, opens, clicks));
    }
}
