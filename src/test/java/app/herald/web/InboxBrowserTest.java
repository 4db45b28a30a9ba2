package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

class InboxBrowserTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final UiServer UI = new UiServer();
    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private static RecordingHttpServer site;
    private WebDriver driver;

    @BeforeAll
    static void startSite() throws Exception {
        site = new RecordingHttpServer();
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @BeforeEach
    void signIn() {
        driver = BROWSER.driver();
        driver.get(UI.url("/static/herald.css"));
        driver.manage().deleteAllCookies();
        driver.get(UI.url("/login?token=" + UiServer.TOKEN + "&lang=en"));
    }

    @Test
    void showsACapturedMessageAsTheRecipientSeesItAndRequestsItsImages() throws Exception {
        String html = """
                <!DOCTYPE html><html><head><style>.offer { color: #c0392b; }</style></head>
                <body style="font-family: Georgia, serif; margin: 24px">
                <h2>Hello Ann,</h2>
                <p class="offer">Our green tea is 20% off this week.</p>
                <p><a id="product" href="CLICK_URL">See the offer</a></p>
                <img src="OPEN_URL" width="1" height="1" alt="">
                </body></html>""".replace("CLICK_URL", site.url("/t/c/click-token")).replace("OPEN_URL", site.url("/t/o/open-token.gif"));
        send("Spring offer for Ann", html, "Hello Ann, our green tea is 20% off this week.");

        driver.get(UI.url("/inbox"));
        WebElement row = driver.findElement(By.linkText("Spring offer for Ann"));
        assertThat(driver.findElement(By.cssSelector("table.inbox tbody")).getText()).contains("ann@example.com");
        row.click();

        WebElement frame = driver.findElement(By.cssSelector("iframe.mail"));
        assertThat(frame.getAttribute("sandbox")).isEqualTo("allow-popups allow-popups-to-escape-sandbox");
        assertThat(site.awaitHit("/t/o/open-token.gif", Duration.ofSeconds(10))).as("the open pixel was requested").isTrue();
        assertThat(driver.findElement(By.cssSelector("dl.envelope")).getText())
                .contains("Shop <news@shop.example>", "ann@example.com", "https://t.example/t/u/abc");
        BROWSER.screenshot(Path.of("target", "screenshots", "inbox-message.png"));

        String inboxTab = driver.getWindowHandle();
        driver.switchTo().frame(frame);
        assertThat(driver.findElement(By.cssSelector("p.offer")).getText()).isEqualTo("Our green tea is 20% off this week.");
        driver.findElement(By.id("product")).click();
        assertThat(site.awaitHit("/t/c/click-token", Duration.ofSeconds(10))).as("the click URL was opened").isTrue();
        assertThat(driver.getWindowHandles()).hasSize(2);
        closeOtherTabs(inboxTab);
    }

    @Test
    void showsTheTextPartAndTheRawSource() throws Exception {
        send("Text and source", "<p>Rich</p>", "Plain words for plain clients.");
        driver.get(UI.url("/inbox/" + UI.inbox().latest(1).getFirst().id()));

        driver.findElement(By.linkText("Text")).click();
        assertThat(driver.findElement(By.cssSelector("pre.mailtext")).getText()).isEqualTo("Plain words for plain clients.");
        assertThat(driver.findElements(By.tagName("iframe"))).isEmpty();

        driver.findElement(By.linkText("Source")).click();
        assertThat(driver.findElement(By.cssSelector("pre.source")).getText())
                .contains("Content-Type: multipart/alternative", "List-Unsubscribe: <https://t.example/t/u/abc>");
    }

    @Test
    void hostileMailHtmlDoesNotRunInTheUi() throws Exception {
        String hostile = """
                <p id="hostile">Hostile</p>
                <script>parent.document.title = 'pwned'; new Image().src = '%1$s';</script>
                <img src="%2$s" onerror="top.document.title = 'pwned'; new Image().src = '%3$s';">
                """.formatted(site.url("/script-ran.gif"), site.url("/missing-image.gif"), site.url("/onerror-ran.gif"));
        send("<script>alert(1)</script> offer", hostile, "hostile");

        driver.get(UI.url("/inbox"));
        assertThat(driver.findElement(By.cssSelector("table.inbox tbody a")).getText()).isEqualTo("<script>alert(1)</script> offer");
        driver.findElement(By.cssSelector("table.inbox tbody a")).click();
        String title = driver.getTitle();

        assertThat(site.awaitHit("/missing-image.gif", Duration.ofSeconds(10))).as("the frame loaded the mail").isTrue();
        Thread.sleep(1000);
        assertThat(site.hits("/script-ran.gif")).as("script in the mail ran").isZero();
        assertThat(site.hits("/onerror-ran.gif")).as("onerror handler in the mail ran").isZero();
        assertThat(driver.getTitle()).isEqualTo(title).doesNotContain("pwned");

        // Control: the same HTML served as an ordinary page does run, so the checks above can fail.
        site.page("/hostile.html", hostile);
        driver.get(site.url("/hostile.html"));
        assertThat(site.awaitHit("/script-ran.gif", Duration.ofSeconds(10))).isTrue();
        assertThat(site.awaitHit("/onerror-ran.gif", Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void listsTheNewestMessageFirstWithItsChineseSubject() throws Exception {
        send("first", "<p>1</p>", "1");
        send("本周特价：绿茶", "<p>2</p>", "2");

        driver.get(UI.url("/inbox"));
        assertThat(driver.findElements(By.cssSelector("table.inbox tbody tr td:nth-child(3)")))
                .extracting(WebElement::getText).containsExactly("本周特价：绿茶", "first");
        BROWSER.screenshot(Path.of("target", "screenshots", "inbox-list.png"));
    }

    @Test
    void deletesAllMessagesFromTheInboxPage() throws Exception {
        send("to be deleted", "<p>x</p>", "x");
        driver.get(UI.url("/inbox"));

        driver.findElement(By.cssSelector("form[action='/inbox/clear'] button")).click();

        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("main"), "No messages captured yet."));
        assertThat(UI.inbox().latest(10)).isEmpty();
    }

    private void send(String subject, String html, String text) throws Exception {
        MimeMessage m = UI.newMessage();
        m.setFrom(new InternetAddress("news@shop.example", "Shop"));
        m.setRecipients(Message.RecipientType.TO, "ann@example.com");
        m.setSubject(subject, "UTF-8");
        m.setHeader("List-Unsubscribe", "<https://t.example/t/u/abc>, <mailto:unsubscribe@shop.example>");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text, "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setContent(html, "text/html; charset=UTF-8");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);
        m.setContent(alternative);
        Transport.send(m);
    }

    private void closeOtherTabs(String keep) {
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(keep)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(keep);
    }
}
