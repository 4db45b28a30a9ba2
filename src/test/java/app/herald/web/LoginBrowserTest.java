package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

class LoginBrowserTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final UiServer UI = new UiServer();
    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private WebDriver driver;

    @BeforeEach
    void freshBrowserState() {
        driver = BROWSER.driver();
        driver.get(UI.url("/static/herald.css"));
        driver.manage().deleteAllCookies();
    }

    @Test
    void signsInWithTheAdminTokenAndShowsTheDashboard() {
        driver.get(UI.url("/login"));
        driver.findElement(By.id("token")).sendKeys(UiServer.TOKEN);
        driver.findElement(By.cssSelector("form[action='/login'] button")).click();

        waitFor().until(ExpectedConditions.urlToBe(UI.url("/")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Campaigns");
        assertThat(driver.findElement(By.cssSelector("main")).getText()).contains("No campaigns yet.");
        assertThat(driver.findElement(By.linkText("Dev inbox")).getAttribute("href")).isEqualTo(UI.url("/inbox"));
    }

    @Test
    void showsAnErrorForAWrongToken() {
        driver.get(UI.url("/login"));
        driver.findElement(By.id("token")).sendKeys("hrld_not_the_right_token");
        driver.findElement(By.cssSelector("form[action='/login'] button")).click();

        // click() may return before the answer to the POST replaces the page.
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error"))).getText())
                .isEqualTo("That token is not valid. Check it and try again.");
        assertThat(driver.getCurrentUrl()).isEqualTo(UI.url("/login"));
        driver.get(UI.url("/"));
        assertThat(driver.getCurrentUrl()).startsWith(UI.url("/login"));
    }

    @Test
    void oneClickUrlSignsInAndTakesTheTokenOutOfTheAddressBar() {
        driver.get(UI.url("/login?token=" + UiServer.TOKEN));

        assertThat(driver.getCurrentUrl()).isEqualTo(UI.url("/"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Campaigns");
    }

    @Test
    void returnsToTheRequestedPageAfterSigningIn() {
        driver.get(UI.url("/inbox"));
        assertThat(driver.getCurrentUrl()).isEqualTo(UI.url("/login?next=%2Finbox"));

        driver.findElement(By.id("token")).sendKeys(UiServer.TOKEN);
        driver.findElement(By.cssSelector("form[action='/login'] button")).click();

        waitFor().until(ExpectedConditions.urlToBe(UI.url("/inbox")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Dev inbox");
    }

    @Test
    void switchesToChineseAndKeepsItAcrossPages() throws Exception {
        driver.get(UI.url("/login?token=" + UiServer.TOKEN));
        driver.findElement(By.linkText("简体中文")).click();

        waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "营销活动"));
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(driver.findElement(By.cssSelector("main")).getText()).contains("还没有营销活动。");
        BROWSER.screenshot(Path.of("target", "screenshots", "dashboard-zh.png"));
        driver.findElement(By.linkText("开发收件箱")).click();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("开发收件箱");
        assertThat(driver.findElement(By.cssSelector("button.link")).getText()).isEqualTo("退出登录");

        driver.findElement(By.linkText("English")).click();
        waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "Dev inbox"));
    }

    @Test
    void signingOutEndsTheSession() {
        driver.get(UI.url("/login?token=" + UiServer.TOKEN));
        driver.findElement(By.cssSelector("form.logout button")).click();

        waitFor().until(ExpectedConditions.urlToBe(UI.url("/login")));
        driver.get(UI.url("/"));
        assertThat(driver.getCurrentUrl()).startsWith(UI.url("/login"));
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }
}
