package app.herald;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.HeraldConfig;
import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import app.herald.tracking.TrackingTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tracking endpoints as a running Herald serves them, and its shutdown order. */
@Tag("storage")
class HeraldTrackingTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void closingHeraldWritesEveryOpenItAnswered() throws Exception {
        CampaignFixture fx = new CampaignFixture(DB.jdbi());
        long campaign = fx.campaign("Spring");
        List<Long> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            messages.add(fx.sentMessage(campaign, "r" + i + "@example.com"));
        }
        Herald herald = Herald.start(config());
        int answered;
        try {
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String pixel = URI.create(herald.trackingUrls().openPixel(messages.get(i % messages.size()))).getPath();
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.httpPort() + pixel)).build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
            answered = (int) responses.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 200).count();
        } finally {
            herald.close();
        }

        assertThat(answered).isEqualTo(300);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE kind = 'open'")).isEqualTo(answered);
        assertThat(fx.count("SELECT opens FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(answered);
        assertThat(fx.count("SELECT unique_opens FROM campaign_stats WHERE campaign_id = ?", campaign)).isEqualTo(20);
    }

    @Test
    void tokensOfAPreviousKeyWorkWhileItIsListedAnd404AfterItIsRemoved() throws Exception {
        CampaignFixture fx = new CampaignFixture(DB.jdbi());
        long message = fx.sentMessage(fx.campaign("Rotation"), "ann@example.com");
        String oldSecret = "0123456789abcdef0123456789abcdef";
        String oldPixel = "/t/o/" + new TrackingTokens(0, oldSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .sign(new TrackingTokens.Token(TrackingTokens.Kind.OPEN, message, 0)) + ".gif";
        Map<String, String> rotated = Map.of("tracking_secret", "ffffffffffffffffffffffffffffffff", "tracking_key_id", "1");

        Map<String, String> withOld = new java.util.HashMap<>(rotated);
        withOld.put("tracking_secrets_previous", "0:" + oldSecret);
        try (Herald herald = Herald.start(TestHeralds.config("hrld_tracking_test_admin_token", withOld))) {
            assertThat(status(herald, oldPixel)).isEqualTo(200);
            String fresh = URI.create(herald.trackingUrls().openPixel(message)).getPath();
            assertThat(java.util.Base64.getUrlDecoder().decode(fresh.substring(5, fresh.length() - 4))[0]).isEqualTo((byte) 1);
            assertThat(status(herald, fresh)).isEqualTo(200);
        }
        try (Herald herald = Herald.start(TestHeralds.config("hrld_tracking_test_admin_token", rotated))) {
            assertThat(status(herald, oldPixel)).isEqualTo(404);
        }
    }

    private static int status(Herald herald, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HeraldConfig config() {
        return TestHeralds.config("hrld_tracking_test_admin_token", Map.of("tracking_secret", "0123456789abcdef0123456789abcdef"));
    }
}
