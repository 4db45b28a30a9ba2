package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.report.CampaignReport;
import app.herald.report.Reports;
import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import app.herald.tracking.RecordedHits;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The campaign report and recipient pages over plain HTTP, on hits written by the real hit recorder. */
class CampaignPagesTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final UiServer UI = new UiServer();

    private static final Instant T0 = Instant.parse("2025-05-06T09:00:00Z");
    private static final String HOME = "https://shop.example.com/";
    private static final String TEA = "https://shop.example.com/tea?c=green&size=large#top";
    private static final String THUNDERBIRD = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.0";
    private static final String OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17726; Pro)";

    private HttpClient client;
    private CampaignFixture fx;
    private RecordedHits hits;
    private long campaign;
    private long ann;
    private long bob;

    @BeforeEach
    void setUp() throws Exception {
        client = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        fx = new CampaignFixture(DB.jdbi());
        hits = new RecordedHits(DB.jdbi());
        campaign = fx.campaign("Spring tea");
        fx.link(campaign, 0, HOME);
        fx.link(campaign, 1, TEA);
        ann = fx.sentMessage(campaign, "ann@example.com");
        bob = fx.sentMessage(campaign, "bob@example.com");
        long cai = fx.sentMessage(campaign, "cai@example.com");
        failedMessage(campaign, "dan@example.com", "550 5.1.1 <dan@example.com>: user unknown");
        fx.sendCounts(campaign, 4, 3, 1);
        fx.sentAt(campaign, T0.minusSeconds(3600));
        hits.open(ann, T0, "203.0.113.7", THUNDERBIRD)
                .open(ann, T0.plusSeconds(60), "203.0.113.7", THUNDERBIRD)
                .click(ann, 0, T0.plusSeconds(120), "203.0.113.7", THUNDERBIRD)
                .open(bob, T0.plusSeconds(3 * 3600), "198.51.100.4", OUTLOOK)
                .click(bob, 1, T0.plusSeconds(3 * 3600 + 30), "198.51.100.4", OUTLOOK)
                .click(bob, 1, T0.plusSeconds(7 * 3600), "198.51.100.4", OUTLOOK)
                .open(cai, T0.plusSeconds(30), "17.58.1.1", "Mozilla/5.0") // Apple Mail Privacy Protection's prefetch
                .flush();
        assertThat(get("/login?token=" + UiServer.TOKEN + "&lang=en").statusCode()).isEqualTo(303);
    }

    @AfterEach
    void tearDown() {
        hits.close();
    }

    @Test
    void showsTheHumanNumbersAsHeadlineNumbersWithTheMachinesBeside() throws Exception {
        CampaignReport r = new Reports(DB.jdbi()).campaignReport(campaign);
        Document page = page("/campaigns/" + campaign);

        Map<String, Long> expected = Map.of("recipients", r.recipients(), "sent", r.sent(), "failed", r.failed(),
                "unique-opens", r.human().uniqueOpens(), "opens", r.human().opens(), "unique-clicks", r.human().uniqueClicks(),
                "clicks", r.human().clicks(), "unsubscribes", r.unsubscribes());
        expected.forEach((stat, value) -> assertThat(stat(page, stat)).as(stat).isEqualTo(value));
        assertThat(List.of(r.recipients(), r.sent(), r.failed(), r.human().uniqueOpens(), r.human().opens(), r.human().uniqueClicks(),
                r.human().clicks())).containsExactly(4L, 3L, 1L, 2L, 3L, 2L, 3L);
        assertThat(List.of(r.uniqueOpens(), r.opens(), r.machine().opens())).containsExactly(3L, 4L, 1L);
        assertThat(page.selectFirst("[data-stat=open-rate]").text()).isEqualTo("66.7% open rate");
        assertThat(page.selectFirst("[data-stat=click-rate]").text()).isEqualTo("66.7% click rate");
        assertThat(page.selectFirst("[data-stat=machine-opens]").text()).isEqualTo("+ 1 by machines");
        assertThat(page.selectFirst("[data-stat=machine-clicks]").text()).isEqualTo("+ 0 by machines");
        assertThat(page.selectFirst("[data-note=human]").text()).contains("all recorded hits: 4 opens, 3 clicks");
        assertThat(page.select("table.machines tr[data-kind=privacy_proxy_prefetch] td").eachText())
                .containsExactly("Privacy proxy prefetch", "1", "0");
    }

    @Test
    void listsTheMailClientsOfHumanOpens() throws Exception {
        List<Element> rows = page("/campaigns/" + campaign).select("table.clients tbody tr");

        assertThat(rows).extracting(Element::text).containsExactly("Thunderbird Desktop Windows 2", "Outlook Desktop Windows 1");
        assertThat(page("/campaigns/" + campaign + "?lang=zh").select("table.clients tbody tr").getFirst().text())
                .isEqualTo("Thunderbird 桌面 Windows 2");
    }

    @Test
    void showsNameStatusSubjectAndSender() throws Exception {
        Document page = page("/campaigns/" + campaign);

        assertThat(page.selectFirst("h1").text()).isEqualTo("Spring tea");
        assertThat(page.selectFirst(".campaign-head .status").text()).isEqualTo("Sending");
        assertThat(page.selectFirst("dl.facts").text()).contains("Hello", "Shop <shop@example.com>");
        assertThat(page.title()).isEqualTo("Spring tea · Herald");
    }

    @Test
    void drawsOpensAndClicksOverTimeAsAnInlineSvg() throws Exception {
        Document page = page("/campaigns/" + campaign);

        Element chart = page.selectFirst("section.chart-card svg.chart");
        assertThat(chart).isNotNull();
        assertThat(chart.attr("role")).isEqualTo("img");
        assertThat(chart.select("g[data-series=opens] polyline")).hasSize(1);
        assertThat(chart.select("g[data-series=clicks] polyline")).hasSize(1);
        // Activity from 09:00 to 16:00 is drawn per hour: eight buckets, every hit in one of them.
        assertThat(chart.select("g.columns rect")).hasSize(8);
        assertThat(chart.selectFirst("desc").text()).contains("Opens: 4", "Clicks: 3", "Per hour · UTC");
        assertThat(chart.select("g.x-axis text").eachText()).containsExactly("05-06 10:00", "05-06 12:00", "05-06 14:00", "05-06 16:00");
    }

    @Test
    void saysSoWhenNothingWasOpenedYet() throws Exception {
        long quiet = fx.campaign("Quiet");

        Element chart = page("/campaigns/" + quiet).selectFirst("svg.chart");

        assertThat(chart.text()).contains("No opens or clicks yet.");
        assertThat(chart.select("g.series")).isEmpty();
    }

    @Test
    void listsEachLinkWithItsClicks() throws Exception {
        List<Element> rows = page("/campaigns/" + campaign).select("table.links tbody tr");

        assertThat(rows).extracting(Element::text).containsExactly(TEA + " 2 1", HOME + " 1 1");
        assertThat(rows.getFirst().selectFirst("td.url span").attr("title")).isEqualTo(TEA);
        assertThat(rows.getFirst().select("a")).as("URLs are text, not links").isEmpty();
    }

    @Test
    void listsRecipientsWithTheirCountersAndLinksToTheirPages() throws Exception {
        Document page = page("/campaigns/" + campaign);

        List<Element> rows = page.select("table.recipients tbody tr");
        assertThat(rows).extracting(row -> row.selectFirst("td.email").text())
                .containsExactly("ann@example.com", "bob@example.com", "cai@example.com", "dan@example.com");
        Element annRow = rows.getFirst();
        assertThat(annRow.select("td").eachText()).containsSubsequence("Sent", "2", "2025-05-06 09:00:00 UTC", "2025-05-06 09:01:00 UTC", "1");
        assertThat(rows.get(3).selectFirst(".status").text()).isEqualTo("Failed");
        String href = annRow.selectFirst("td.email a").attr("href");
        assertThat(href).isEqualTo("/campaigns/" + campaign + "/recipient?email=ann%40example.com");
        assertThat(get(href).statusCode()).isEqualTo(200);
    }

    @Test
    void showsARecipientsTimelineOfEveryEvent() throws Exception {
        Document page = page("/campaigns/" + campaign + "/recipient?email=BOB%40example.com");

        assertThat(page.selectFirst("h1").text()).isEqualTo("bob@example.com");
        assertThat(page.selectFirst("dl.facts").text()).contains("250 2.0.0 OK");
        assertThat(page.selectFirst("[data-stat=opens] .value").text()).isEqualTo("1");
        assertThat(page.selectFirst("[data-stat=clicks] .value").text()).isEqualTo("2");
        assertThat(page.selectFirst("[data-stat=clicks]").text()).contains("2025-05-06 12:00:30 UTC", "2025-05-06 16:00:00 UTC");
        List<Element> rows = page.select("table.events tbody tr");
        assertThat(rows).extracting(row -> row.select("td.time, td:eq(1), td.url, td.ip, td.agent").eachText()).containsExactly(
                List.of("2025-05-06 12:00:00 UTC", "Open", "198.51.100.4", OUTLOOK),
                List.of("2025-05-06 12:00:30 UTC", "Click", TEA, "198.51.100.4", OUTLOOK),
                List.of("2025-05-06 16:00:00 UTC", "Click", TEA, "198.51.100.4", OUTLOOK));
        assertThat(rows).extracting(row -> row.selectFirst("td.verdict").attr("data-verdict")).containsOnly("human");
        Element open = rows.getFirst().selectFirst("td.verdict");
        assertThat(open.selectFirst("[data-evidence=client]").text()).isEqualTo("client: Outlook");
        assertThat(open.selectFirst("[data-evidence=seconds_after_send]").text()).isEqualTo("seconds after send: 14400");
        assertThat(open.selectFirst("[data-evidence=rule]").text()).isEqualTo("rule: known_client");
        assertThat(page.selectFirst("[data-stat=human-opens]").text()).isEqualTo("1 by the person");
        assertThat(page.selectFirst(".crumbs a[href=/campaigns/" + campaign + "]").text()).isEqualTo("Spring tea");
    }

    @Test
    void showsTheSmtpReplyOfAFailedRecipient() throws Exception {
        Document page = page("/campaigns/" + campaign + "/recipient?email=dan%40example.com");

        assertThat(page.selectFirst(".campaign-head .status").text()).isEqualTo("Failed");
        assertThat(page.selectFirst("dl.facts code").text()).isEqualTo("550 5.1.1 <dan@example.com>: user unknown");
        assertThat(page.selectFirst("main").text()).contains("No opens or clicks recorded yet.");
    }

    @Test
    void escapesAHostileCampaignNameUrlAndUserAgent() throws Exception {
        String name = "<script>alert('name')</script> sale";
        String url = "https://shop.example.com/?q=\"><script>alert('url')</script>";
        String agent = "<img src=x onerror=alert('agent')>";
        long hostile = fx.campaign(name);
        fx.link(hostile, 0, url);
        long eve = fx.sentMessage(hostile, "eve@example.com");
        hits.click(eve, 0, T0, "192.0.2.1", agent).flush();

        HttpResponse<String> report = get("/campaigns/" + hostile);
        HttpResponse<String> recipient = get("/campaigns/" + hostile + "/recipient?email=eve%40example.com");
        HttpResponse<String> dashboard = get("/");

        for (HttpResponse<String> response : List.of(report, recipient, dashboard)) {
            assertThat(response.body()).doesNotContain("<script>alert", "<img src=x", "\"><script>");
        }
        Document page = Jsoup.parse(report.body());
        assertThat(page.selectFirst("h1").text()).isEqualTo(name);
        assertThat(page.selectFirst("table.links td.url span").attr("title")).isEqualTo(url);
        assertThat(page.selectFirst("table.links td.url").text()).isEqualTo(url);
        Document rp = Jsoup.parse(recipient.body());
        assertThat(rp.selectFirst("table.events td.agent").text()).isEqualTo(agent);
        assertThat(rp.selectFirst("table.events td.url").text()).isEqualTo(url);
        assertThat(Jsoup.parse(dashboard.body()).selectFirst("a[href=/campaigns/" + hostile + "]").text()).isEqualTo(name);
    }

    @Test
    void pagesThroughTheRecipients() throws Exception {
        long big = fx.campaign("Big list");
        DB.jdbi().useHandle(h -> h.execute("""
                INSERT INTO message (campaign_id, email, status, sent_at)
                SELECT ?, 'r' || lpad(i::text, 3, '0') || '@example.com', 'sent', now() FROM generate_series(1, 120) i""", big));

        Document first = page("/campaigns/" + big);
        assertThat(emails(first)).hasSize(50).startsWith("r001@example.com").endsWith("r050@example.com");
        assertThat(first.select("nav.pager a[rel=prev]")).isEmpty();
        assertThat(first.selectFirst("nav.pager a[rel=next]").attr("href")).isEqualTo("?offset=50#recipients");
        assertThat(first.selectFirst("#recipients .heading").text()).contains("1–50");

        Document second = page("/campaigns/" + big + "?offset=50");
        assertThat(emails(second)).hasSize(50).startsWith("r051@example.com");
        assertThat(second.selectFirst("nav.pager a[rel=prev]").attr("href")).isEqualTo("?offset=0#recipients");

        Document last = page("/campaigns/" + big + "?offset=100");
        assertThat(emails(last)).hasSize(20).startsWith("r101@example.com").endsWith("r120@example.com");
        assertThat(last.select("nav.pager a[rel=next]")).isEmpty();
        assertThat(last.selectFirst("#recipients .heading").text()).contains("101–120");

        assertThat(page("/campaigns/" + big + "?offset=500").selectFirst("#recipients").text()).contains("No recipients on this page.");
        assertThat(emails(page("/campaigns/" + big + "?offset=-5"))).startsWith("r001@example.com");
        assertThat(emails(page("/campaigns/" + big + "?offset=abc"))).startsWith("r001@example.com");
    }

    @Test
    void refreshesItselfOnlyWhileTheCampaignIsSending() throws Exception {
        assertThat(page("/campaigns/" + campaign).select("meta[http-equiv=refresh]").attr("content")).isEqualTo("5");

        DB.jdbi().useHandle(h -> h.execute("UPDATE campaign SET status = 'sent', finished_at = now() WHERE id = ?", campaign));

        Document sent = page("/campaigns/" + campaign);
        assertThat(sent.select("meta[http-equiv=refresh]")).isEmpty();
        assertThat(sent.selectFirst(".campaign-head .status").text()).isEqualTo("Sent");
        assertThat(sent.selectFirst("dl.facts").text()).contains("Finished");
    }

    @Test
    void showsHowFarASendingCampaignIsAndSaysSoWhileItsAudienceIsStillQueued() throws Exception {
        long big = fx.campaign("Autumn tea");
        fx.sendCounts(big, 1000, 590, 10);
        DB.jdbi().useHandle(h -> {
            h.execute("UPDATE campaign SET started_at = now() - interval '5 minutes' WHERE id = ?", big);
            h.execute("UPDATE campaign_stats SET deferred = 3 WHERE campaign_id = ?", big);
            // 600 done in the last minute: about 10 messages/s, so the 400 left take about 40 s
            h.execute("INSERT INTO campaign_send_rate (campaign_id, bucket, sent, failed) "
                    + "VALUES (?, date_bin('10 seconds', now(), timestamptz '2000-01-01 00:00:00+00'), 590, 10)", big);
        });

        Element progress = page("/campaigns/" + big).selectFirst("[data-note=progress]");
        assertThat(progress.selectFirst("progress").attr("value")).isEqualTo("600");
        assertThat(progress.selectFirst("progress").attr("max")).isEqualTo("1000");
        assertThat(progress.selectFirst("[data-progress=done]").text()).isEqualTo("600 of 1,000 messages done (sent or failed)");
        assertThat(progress.selectFirst("[data-progress=pace]").text())
                .matches("\\d+ messages/s over the last minute · about \\d+ s left · 3 tries deferred for a retry");
        assertThat(page("/campaigns/" + big + "?lang=zh").selectFirst("[data-progress=done]").text()).isEqualTo("已完成 600 / 1,000 封（已发送或失败）");

        DB.jdbi().useHandle(h -> h.execute("INSERT INTO campaign_expansion (campaign_id, after_contact, until_contact) VALUES (?, 0, 100)", big));

        Element queueing = page("/campaigns/" + big + "?lang=en").selectFirst("[data-note=progress]");
        assertThat(queueing.selectFirst("[data-progress=done]").text())
                .isEqualTo("600 of 1,000 messages done so far; the rest of the audience is still being queued");
        assertThat(queueing.selectFirst("[data-progress=pace]").text()).contains("time left is known once the whole audience is queued");
        assertThat(page("/campaigns/" + big + "?lang=zh").selectFirst("[data-progress=done]").text())
                .isEqualTo("目前已完成 600 / 1,000 封；其余收件人仍在排队中");

        DB.jdbi().useHandle(h -> h.execute("UPDATE campaign SET status = 'sent', finished_at = now() WHERE id = ?", big));
        assertThat(page("/campaigns/" + big + "?lang=en").select("[data-note=progress]")).isEmpty();
    }

    @Test
    void answersUnknownCampaignsAndRecipientsWithATranslatedNotFoundPage() throws Exception {
        for (String path : List.of("/campaigns/" + (campaign + 99), "/campaigns/not-a-number", "/campaigns/" + (campaign + 99) + "/recipient?email=a%40b.c",
                "/campaigns/" + campaign + "/recipient?email=nobody%40example.com", "/campaigns/" + campaign + "/recipient")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(Jsoup.parse(response.body()).selectFirst("h1").text()).as(path).isEqualTo("Not found");
        }
        HttpResponse<String> chinese = get("/campaigns/" + (campaign + 99) + "?lang=zh");
        assertThat(chinese.statusCode()).isEqualTo(404);
        assertThat(Jsoup.parse(chinese.body()).selectFirst("h1").text()).isEqualTo("页面不存在");
    }

    @Test
    void dashboardLinksEachCampaignToItsPageAndShowsTimesInUtc() throws Exception {
        Document dashboard = page("/");

        Element link = dashboard.selectFirst("table.data a[href=/campaigns/" + campaign + "]");
        assertThat(link.text()).isEqualTo("Spring tea");
        assertThat(dashboard.selectFirst("table.data td.time").text()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
    }

    @Test
    void sendsAnonymousVisitorsToSignIn() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(UI.url("/campaigns/" + campaign))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).contains("/login?next=%2Fcampaigns%2F" + campaign);
    }

    private void failedMessage(long campaignId, String email, String reply) {
        long contact = fx.contact(email);
        DB.jdbi().useHandle(h -> h.execute("""
                INSERT INTO message (campaign_id, contact_id, email, status, smtp_reply) VALUES (?, ?, ?, 'failed', ?)""",
                campaignId, contact, email, reply));
    }

    private static long stat(Document page, String name) {
        return Long.parseLong(page.selectFirst("[data-stat=" + name + "] .value").text().replace(",", ""));
    }

    private static List<String> emails(Document page) {
        return page.select("table.recipients td.email").eachText();
    }

    private Document page(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Jsoup.parse(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(UI.url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
