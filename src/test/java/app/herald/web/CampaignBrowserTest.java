package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.report.CampaignReport;
import app.herald.report.Reports;
import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import app.herald.tracking.RecordedHits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The campaign page in Chromium: numbers, the chart as drawn, and screenshots in both languages. */
class CampaignBrowserTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final UiServer UI = new UiServer();
    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private static final Instant SENT = Instant.parse("2025-05-06T08:30:00Z");
    private static final List<String> LINKS = List.of(
            "https://shop.example.com/spring/green-tea",
            "https://shop.example.com/spring/green-tea/longjing-dragon-well-first-flush-2025?utm_source=herald&utm_medium=email&utm_campaign=spring-green-tea&utm_content=hero-image",
            "https://shop.example.com/contact");

    private WebDriver driver;
    private long campaign;
    private long firstRecipient;

    @BeforeEach
    void seedAndSignIn() {
        seed();
        driver = BROWSER.driver();
        driver.get(UI.url("/static/herald.css"));
        driver.manage().deleteAllCookies();
        driver.get(UI.url("/login?token=" + UiServer.TOKEN + "&lang=en"));
    }

    @AfterEach
    void restoreWindow() {
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    void showsTheHeadlineNumbersAndDrawsTheChart() throws Exception {
        CampaignReport report = new Reports(DB.jdbi()).campaignReport(campaign);

        driver.get(UI.url("/campaigns/" + campaign));

        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Spring green tea");
        assertThat(value("recipients")).isEqualTo(report.recipients());
        assertThat(value("sent")).isEqualTo(report.sent());
        assertThat(value("failed")).isEqualTo(report.failed());
        assertThat(value("unique-opens")).isEqualTo(report.human().uniqueOpens());
        assertThat(value("unique-clicks")).isEqualTo(report.human().uniqueClicks());
        assertThat(value("opens")).isEqualTo(report.human().opens());
        assertThat(value("clicks")).isEqualTo(report.human().clicks());
        assertThat(report.human().opens()).isPositive();

        WebElement chart = driver.findElement(By.cssSelector("svg.chart"));
        assertThat(chart.isDisplayed()).isTrue();
        assertThat(chart.getSize().getWidth()).isGreaterThan(800);
        assertThat(chart.getSize().getHeight()).isGreaterThan(200);
        List<WebElement> lines = chart.findElements(By.cssSelector("g.series polyline"));
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line.getSize().getWidth()).isGreaterThan(700));
        assertThat(chart.findElements(By.cssSelector("g.series")))
                .extracting(s -> s.getAttribute("data-series")).containsExactly("opens", "clicks");
        assertThat(chart.findElements(By.cssSelector("g.legend text"))).extracting(WebElement::getText).containsExactly("Opens", "Clicks");

        screenshot("campaign.png");

        driver.findElement(By.linkText("ann@example.com")).click();
        waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "ann@example.com"));
        assertThat(driver.findElements(By.cssSelector("table.events tbody tr"))).isNotEmpty();
        screenshot("campaign-recipient.png");
    }

    @Test
    void showsTheCampaignPageInChinese() throws Exception {
        driver.get(UI.url("/campaigns/" + campaign + "?lang=zh"));

        assertThat(driver.findElement(By.cssSelector("[data-stat=unique-opens] .label")).getText()).isEqualTo("独立打开");
        assertThat(driver.findElement(By.cssSelector("section.chart-card h2")).getText()).isEqualTo("打开和点击趋势");
        assertThat(driver.findElements(By.cssSelector("svg.chart g.series polyline"))).hasSize(2);
        screenshot("campaign-zh.png");
    }

    @Test
    void dashboardLeadsToTheCampaignAndUnknownOnesGetAFriendlyPage() throws Exception {
        driver.get(UI.url("/"));
        screenshot("dashboard.png");
        driver.findElement(By.linkText("Spring green tea")).click();
        waitFor().until(ExpectedConditions.urlToBe(UI.url("/campaigns/" + campaign)));

        driver.get(UI.url("/campaigns/" + (campaign + 1000)));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        driver.findElement(By.linkText("← Back to campaigns")).click();
        waitFor().until(ExpectedConditions.urlToBe(UI.url("/")));
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    private long value(String stat) {
        return Long.parseLong(driver.findElement(By.cssSelector("[data-stat=" + stat + "] .value")).getText().replace(",", ""));
    }

    /** The whole page, not just the first screen. */
    private void screenshot(String name) throws Exception {
        long height = (Long) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(1280, (int) Math.min(4000, height + 140)));
        BROWSER.screenshot(Path.of("target", "screenshots", name));
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }

    /**
     * A sent campaign of 60 recipients (two failed) whose opens and clicks come in over two days,
     * most in the first hours, as they do after a send; every hit goes through the hit recorder.
     */
    private void seed() {
        CampaignFixture fx = new CampaignFixture(DB.jdbi());
        campaign = fx.campaign("Spring green tea");
        DB.jdbi().useHandle(h -> h.execute("""
                UPDATE campaign SET status = 'sent', subject = 'Ann, our first-flush green tea has arrived',
                       from_name = 'Jade Leaf Tea', from_email = 'news@jadeleaf.example',
                       created_at = ?::timestamptz, started_at = ?::timestamptz, finished_at = ?::timestamptz
                WHERE id = ?""", SENT.minusSeconds(86_400).toString(), SENT.toString(), SENT.plusSeconds(240).toString(), campaign));
        for (int i = 0; i < LINKS.size(); i++) {
            fx.link(campaign, i, LINKS.get(i));
        }
        List<Long> messages = new ArrayList<>();
        String[] first = {"ann", "bo", "chen", "dita", "emil", "fatima", "gao", "hiro", "ines", "jun"};
        String[] last = {"", ".li", ".garcia", ".wang", ".okafor", ".novak"};
        for (int i = 0; i < 58; i++) {
            messages.add(fx.sentMessage(campaign, first[i % first.length] + last[i / first.length] + "@example.com"));
        }
        firstRecipient = messages.getFirst();
        DB.jdbi().useHandle(h -> h.execute("UPDATE message SET sent_at = ?::timestamptz + id * interval '4 seconds' WHERE campaign_id = ?",
                SENT.toString(), campaign));
        for (String failed : List.of("old-address@example.net", "typo@exmaple.com")) {
            long contact = fx.contact(failed);
            DB.jdbi().useHandle(h -> h.execute("INSERT INTO message (campaign_id, contact_id, email, status, smtp_reply) "
                    + "VALUES (?, ?, ?, 'failed', '550 5.1.1 user unknown')", campaign, contact, failed));
        }
        fx.sendCounts(campaign, 60, 58, 2);

        Random random = new Random(42);
        try (RecordedHits hits = new RecordedHits(DB.jdbi())) {
            for (long message : messages) {
                if (message != firstRecipient && random.nextDouble() > 0.55) {
                    continue;
                }
                // Most opens come within hours of the send, a long tail over the next two days.
                Instant opened = SENT.plusSeconds((long) (Math.pow(random.nextDouble(), 3) * 44 * 3600) + 300);
                String agent = random.nextBoolean() ? "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Outlook/16.0" : "Thunderbird/128.0";
                hits.open(message, opened, "203.0.113." + random.nextInt(250), agent);
                if (random.nextDouble() < 0.4) {
                    hits.open(message, opened.plusSeconds(3600L + random.nextInt(20_000)), "203.0.113.9", agent);
                }
                if (message == firstRecipient || random.nextDouble() < 0.45) {
                    hits.click(message, random.nextInt(LINKS.size()), opened.plusSeconds(40 + random.nextInt(300)), "203.0.113.9", agent);
                }
            }
            hits.flush();
        }
    }
}
