package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UI over plain HTTP: sessions, CSRF, redirects, language choice, headers. */
class UiRoutesTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final UiServer UI = new UiServer();

    private HttpClient client;

    @BeforeEach
    void newClient() {
        client = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void sendsAnonymousVisitorsToSignInAndBackAfterwards() throws Exception {
        HttpResponse<String> page = get("/inbox?x=1");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).contains("/login?next=%2Finbox%3Fx%3D1");
    }

    @Test
    void setsAnHttpOnlySameSiteLaxSessionCookieOnSignIn() throws Exception {
        HttpResponse<String> signedIn = post("/login", "token=" + UiServer.TOKEN + "&next=%2Finbox");

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).contains("/inbox");
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("herald_session=")).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").containsIgnoringCase("Path=/");
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void answersAWrongTokenWith401AndTheSignInForm() throws Exception {
        HttpResponse<String> page = post("/login", "token=wrong");

        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).contains("That token is not valid.");
        assertThat(get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void neverRedirectsToAnotherSiteAfterSignIn() throws Exception {
        for (String next : new String[] {"//evil.example/", "https://evil.example/", "/\\evil.example", "evil"}) {
            HttpResponse<String> signedIn = post("/login", "token=" + UiServer.TOKEN + "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            assertThat(signedIn.headers().firstValue("Location")).as(next).contains("/");
        }
    }

    @Test
    void rejectsAFormWithoutTheSessionsCsrfToken() throws Exception {
        sendMail();
        signIn();

        assertThat(post("/inbox/clear", "").statusCode()).isEqualTo(403);
        assertThat(post("/inbox/clear", "csrf=hrld_forged").statusCode()).isEqualTo(403);
        assertThat(UI.inbox().latest(10)).hasSize(1);

        HttpResponse<String> cleared = post("/inbox/clear", "csrf=" + csrf(get("/inbox").body()));
        assertThat(cleared.statusCode()).isEqualTo(303);
        assertThat(UI.inbox().latest(10)).isEmpty();
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() throws Exception {
        signIn();
        String session = sessionCookie();

        assertThat(post("/logout", "csrf=" + csrf(get("/").body())).statusCode()).isEqualTo(303);

        HttpResponse<String> reused = client.send(HttpRequest.newBuilder(URI.create(UI.url("/")))
                .header("Cookie", "herald_session=" + session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reused.statusCode()).isEqualTo(302);
    }

    @Test
    void replacingTheAdminTokenEndsItsUiSessions() throws Exception {
        signIn();
        assertThat(get("/").statusCode()).isEqualTo(200);

        new Users(DB.jdbi()).ensureAdmin(Optional.of("hrld_a_completely_new_admin_token"));

        assertThat(get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void picksChineseFromTheBrowsersAcceptLanguage() throws Exception {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(UI.url("/login")))
                .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.body()).contains("<html lang=\"zh-CN\">").contains("请使用 API 令牌登录");
    }

    @Test
    void remembersTheChosenLanguageInACookie() throws Exception {
        assertThat(get("/login?lang=zh").body()).contains("API 令牌");

        HttpResponse<String> later = client.send(HttpRequest.newBuilder(URI.create(UI.url("/login")))
                .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(later.body()).contains("API 令牌");
    }

    @Test
    void listsCampaignsWithTheirCountersAndEscapesTheirNames() throws Exception {
        DB.jdbi().useHandle(h -> {
            h.execute("INSERT INTO campaign (id, name, subject, from_name, from_email, html, status) "
                    + "VALUES (7, '<b>Spring</b> sale', 's', 'Shop', 'news@shop.example', '<p>x</p>', 'sent')");
            h.execute("INSERT INTO campaign_stats (campaign_id, sent, unique_opens, unique_clicks, human_unique_opens, human_unique_clicks) "
                    + "VALUES (7, 1200, 400, 90, 345, 67)");
        });
        signIn();

        String body = get("/").body();
        assertThat(body).contains("&lt;b&gt;Spring&lt;/b&gt; sale").doesNotContain("<b>Spring</b>");
        assertThat(body).containsSubsequence("1200", "345", "67").contains("status-sent");
    }

    @Test
    void explainsHowToCreateACampaignWhenThereIsNone() throws Exception {
        signIn();

        assertThat(get("/").body()).contains("No campaigns yet.").contains(UI.url("/api/campaigns"));
    }

    @Test
    void forbidsScriptsAndFramingOnUiPages() throws Exception {
        signIn();
        HttpResponse<String> page = get("/inbox");

        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'").doesNotContain("script-src"));
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void servesTheStylesheetWithoutSignIn() throws Exception {
        HttpResponse<String> css = get("/static/herald.css");

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void answersAnUnknownInboxMessageWith404() throws Exception {
        signIn();

        assertThat(get("/inbox/999999").statusCode()).isEqualTo(404);
        assertThat(get("/inbox/not-a-number").statusCode()).isEqualTo(404);
    }

    private void signIn() throws Exception {
        assertThat(get("/login?token=" + UiServer.TOKEN).statusCode()).isEqualTo(303);
    }

    private String sessionCookie() {
        return ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("herald_session")).findFirst().orElseThrow().getValue();
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a form with a CSRF token").isTrue();
        return m.group(1);
    }

    private void sendMail() throws Exception {
        var m = UI.newMessage();
        m.setFrom(new InternetAddress("news@shop.example"));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, "ann@example.com");
        m.setSubject("hello");
        m.setText("hello");
        Transport.send(m);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(UI.url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(UI.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
