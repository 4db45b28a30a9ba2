package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import app.herald.tracking.TrackingTokens.Kind;
import app.herald.tracking.TrackingTokens.Token;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class TrackingEndpointsTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String PRODUCT = "https://shop.example.com/p/42?utm_source=herald&ref=a%20b#reviews";

    private CampaignFixture fx;
    private TrackingServer server;
    private long campaign;
    private long message;

    @BeforeEach
    void start() {
        fx = new CampaignFixture(DB.jdbi());
        server = new TrackingServer(DB.jdbi());
        campaign = fx.campaign("Spring");
        fx.link(campaign, 0, "https://shop.example.com/");
        fx.link(campaign, 1, PRODUCT);
        message = fx.sentMessage(campaign, "ann@example.com");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pixelAnswersWithATransparentGifAndRecordsOneOpen() {
        HttpResponse<byte[]> r = server.get(server.urls.openPixel(message), "User-Agent", "Thunderbird/128.0");
        server.flush();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store, no-cache, must-revalidate, private");
        assertThat(r.body()).hasSize(43).startsWith("GIF89a".getBytes(StandardCharsets.US_ASCII));
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE kind = 'open' AND message_id = ? AND ip = '127.0.0.1'"
                + " AND user_agent = 'Thunderbird/128.0'", message)).isEqualTo(1);
        assertThat(fx.count("SELECT opens FROM message WHERE id = ?", message)).isEqualTo(1);
        assertThat(fx.count("SELECT unique_opens FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(1);
    }

    @Test
    void pixelAnswersHeadRequests() {
        HttpResponse<byte[]> r = server.head(server.urls.openPixel(message));
        server.flush();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(fx.count("SELECT opens FROM message WHERE id = ?", message)).isEqualTo(1);
    }

    @Test
    void headRequestsAreRedirectedLikeGetsButRecordedAsMachineHits() {
        server.head(server.urls.openPixel(message));
        HttpResponse<byte[]> link = server.send(server.request(server.urls.click(message, 1), "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        server.flush();

        assertThat(link.statusCode()).isEqualTo(302);
        assertThat(link.headers().firstValue("Location")).hasValue(PRODUCT);
        List<String> recorded = DB.jdbi().withHandle(h -> h.createQuery(
                "SELECT kind || ' ' || verdict || ' ' || machine_kind || ' ' || method FROM tracking_event ORDER BY id")
                .mapTo(String.class).list());
        assertThat(recorded).containsExactly("open machine unknown_bot HEAD", "click machine link_checker HEAD");
        assertThat(fx.count("SELECT human_opens + human_clicks FROM message WHERE id = ?", message)).isZero();
        assertThat(fx.count("SELECT machine_opens * 10 + machine_clicks FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(11);
    }

    @Test
    void aScannerFollowingTheUnsubscribeLinkRecordsNothingAndUnsubscribesNobody() {
        HttpResponse<byte[]> r = server.get(server.urls.unsubscribe(message), "User-Agent", "Barracuda Sentinel (EE)");
        server.flush();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isZero();
        assertThat(fx.contactStatus("ann@example.com")).isEqualTo("active");
    }

    @Test
    void forgedAlteredTruncatedAndWrongKindTokensGet404AndRecordNothing() {
        String pixel = server.urls.openPixel(message);
        String token = pixel.substring(pixel.lastIndexOf('/') + 1, pixel.length() - ".gif".length());
        TrackingTokens otherKey = new TrackingTokens("ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8));
        String base = server.base();

        assertThat(server.get(base + "/t/o/" + flipLastByte(token) + ".gif").statusCode()).isEqualTo(404);
        assertThat(server.get(base + "/t/o/" + otherMessage(token) + ".gif").statusCode()).isEqualTo(404);
        assertThat(server.get(base + "/t/o/" + token.substring(0, token.length() - 2) + ".gif").statusCode()).isEqualTo(404);
        assertThat(server.get(base + "/t/o/" + otherKey.sign(new Token(Kind.OPEN, message, 0)) + ".gif").statusCode()).isEqualTo(404);
        assertThat(server.get(base + "/t/o/" + "A".repeat(40) + ".gif").statusCode()).isEqualTo(404);
        // right signature, wrong kind, on every endpoint
        assertThat(server.get(base + "/t/o/" + TrackingServer.TOKENS.sign(new Token(Kind.CLICK, message, 1)) + ".gif").statusCode()).isEqualTo(404);
        assertThat(server.get(base + "/t/c/" + token).statusCode()).isEqualTo(404);
        assertThat(server.get(base + "/t/u/" + token).statusCode()).isEqualTo(404);
        assertThat(server.post(base + "/t/u/" + token, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click").statusCode())
                .isEqualTo(404);
        server.flush();

        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isZero();
        assertThat(fx.count("SELECT opens + clicks FROM message WHERE id = ?", message)).isZero();
        assertThat(fx.contactStatus("ann@example.com")).isEqualTo("active");
    }

    @Test
    void clickRedirectsToTheExactSignedUrlWithQueryAndFragment() {
        HttpResponse<byte[]> r = server.get(server.urls.click(message, 1), "User-Agent", "Mozilla/5.0");
        server.flush();

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue(PRODUCT);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE kind = 'click' AND link_idx = 1 AND message_id = ?", message))
                .isEqualTo(1);
        assertThat(fx.count("SELECT clicks FROM link_stats WHERE campaign_id = ? AND idx = 1", campaign)).isEqualTo(1);
    }

    @Test
    void urlParametersInTheRequestNeverChangeTheTarget() {
        String click = server.urls.click(message, 1);

        HttpResponse<byte[]> r = server.get(click + "?url=https://evil.example&redirect=https://evil.example&next=//evil.example");

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue(PRODUCT);
    }

    @Test
    void clickTokenForALinkNumberOnlyAnotherCampaignHasIsNotFound() {
        long other = fx.campaign("Other");
        fx.link(other, 0, "https://other.example.com/");
        fx.link(other, 7, "https://evil.example/");

        HttpResponse<byte[]> r = server.get(server.urls.click(message, 7));
        server.flush();

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isZero();
    }

    @Test
    void clickOfAnUnknownMessageIsNotFound() {
        assertThat(server.get(server.urls.click(message + 1000, 1)).statusCode()).isEqualTo(404);
    }

    @Test
    void nonAsciiTargetIsPercentEncodedAndAsciiTargetsAreUntouched() {
        assertThat(TrackingEndpoints.location(PRODUCT)).isEqualTo(PRODUCT);
        assertThat(TrackingEndpoints.location("https://shop.example.cn/产品?q=茶 叶"))
                .isEqualTo("https://shop.example.cn/%E4%BA%A7%E5%93%81?q=%E8%8C%B6%20%E5%8F%B6");
    }

    @Test
    void unsubscribeGetShowsAConfirmationFormAndNeverUnsubscribes() {
        HttpResponse<byte[]> r = server.get(server.urls.unsubscribe(message));
        server.get(server.urls.unsubscribe(message), "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");
        server.flush();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<form method=\"post\"").contains(">Unsubscribe</button>");
        assertThat(fx.contactStatus("ann@example.com")).isEqualTo("active");
        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isZero();
        assertThat(fx.count("SELECT unsubscribes FROM campaign_stats WHERE campaign_id = ?", campaign)).isZero();
    }

    @Test
    void unsubscribePageSpeaksChineseToReadersWhoPreferIt() {
        HttpResponse<byte[]> r = server.get(server.urls.unsubscribe(message), "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");

        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("lang=\"zh-Hans\"").contains(">退订</button>");
    }

    @Test
    void formPostUnsubscribesTheContactAndCountsIt() {
        HttpResponse<byte[]> r = server.post(server.urls.unsubscribe(message), "application/x-www-form-urlencoded", "",
                "User-Agent", "Mozilla/5.0");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("You have been unsubscribed");
        assertThat(fx.contactStatus("ann@example.com")).isEqualTo("unsubscribed");
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE kind = 'unsubscribe' AND message_id = ? AND user_agent = 'Mozilla/5.0'",
                message)).isEqualTo(1);
        assertThat(fx.count("SELECT unsubscribes FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(1);
    }

    @Test
    void rfc8058OneClickPostUnsubscribesWithoutCookies() {
        HttpResponse<byte[]> r = server.post(server.urls.unsubscribe(message), "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(fx.contactStatus("ann@example.com")).isEqualTo("unsubscribed");
        assertThat(fx.count("SELECT unsubscribes FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(1);
    }

    @Test
    void repeatedUnsubscribeOfOneMessageCountsOnce() {
        String url = server.urls.unsubscribe(message);
        server.post(url, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
        HttpResponse<byte[]> again = server.post(url, "application/x-www-form-urlencoded", "");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE kind = 'unsubscribe'")).isEqualTo(2);
        assertThat(fx.count("SELECT unsubscribes FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(1);
    }

    @Test
    void testSendsCanBeOpenedClickedAndUnsubscribedWithoutTouchingCampaignNumbers() {
        long test = fx.testMessage(campaign, "marketing@example.com");

        assertThat(server.get(server.urls.openPixel(test)).statusCode()).isEqualTo(200);
        assertThat(server.get(server.urls.click(test, 0)).statusCode()).isEqualTo(302);
        assertThat(server.get(server.urls.unsubscribe(test)).statusCode()).isEqualTo(200);
        assertThat(server.post(server.urls.unsubscribe(test), "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click")
                .statusCode()).isEqualTo(200);
        server.flush();

        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE message_id = ?", test)).isEqualTo(3);
        assertThat(fx.count("SELECT opens + clicks FROM message WHERE id = ?", test)).isEqualTo(2);
        assertThat(fx.count("SELECT opens + unique_opens + clicks + unique_clicks + unsubscribes FROM campaign_stats WHERE campaign_id = ?",
                campaign)).isZero();
        assertThat(fx.count("SELECT count(*) FROM link_stats")).isZero();
    }

    @Test
    void behindATrustedProxyTheForwardedClientAddressIsRecordedAndOtherwiseThePeer() {
        String[] forwarded = {"X-Forwarded-For", "203.0.113.9", "User-Agent", "Mozilla/5.0"};
        server.close();
        server = new TrackingServer(DB.jdbi(), new ClientAddress(List.of(app.herald.config.Cidr.parse("127.0.0.0/8"))));
        server.get(server.urls.openPixel(message), forwarded);                                   // Jetty handler
        server.send(server.request(server.urls.click(message, 1), forwarded)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());                  // Javalin route
        server.post(server.urls.unsubscribe(message), "application/x-www-form-urlencoded", "", forwarded);
        server.flush();
        assertThat(ips()).containsExactlyInAnyOrder("open 203.0.113.9", "click 203.0.113.9", "unsubscribe 203.0.113.9");

        DB.jdbi().useHandle(h -> h.execute("DELETE FROM tracking_event"));
        server.close();
        server = new TrackingServer(DB.jdbi());
        server.get(server.urls.openPixel(message), forwarded);
        server.get(server.urls.click(message, 1), forwarded);
        server.flush();
        assertThat(ips()).containsExactlyInAnyOrder("open 127.0.0.1", "click 127.0.0.1");
    }

    private static List<String> ips() {
        return DB.jdbi().withHandle(h -> h.createQuery("SELECT kind || ' ' || ip FROM tracking_event ORDER BY id")
                .mapTo(String.class).list());
    }

    private static String flipLastByte(String token) {
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[raw.length - 1] ^= 1;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String otherMessage(String token) {
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[9] ^= 1;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
