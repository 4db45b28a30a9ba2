package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.report.Reports;
import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import app.herald.tracking.TrackingServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class ReportApiTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String TOKEN = "hrld_report_api_test";
    private static final String TEA = "https://shop.example.com/tea?c=green#top";

    private TrackingServer server;
    private long campaign;
    private long ann;

    @BeforeEach
    void start() {
        new Users(DB.jdbi()).ensureAdmin(Optional.of(TOKEN));
        server = new TrackingServer(DB.jdbi(), new ApiAuth(new Users(DB.jdbi())), new ReportApi(new Reports(DB.jdbi())));
        CampaignFixture fx = new CampaignFixture(DB.jdbi());
        campaign = fx.campaign("Spring tea");
        fx.link(campaign, 0, TEA);
        ann = fx.sentMessage(campaign, "ann@example.com");
        fx.sentMessage(campaign, "bob@example.com");
        fx.sendCounts(campaign, 2, 2, 0);
        server.get(server.urls.openPixel(ann));
        server.get(server.urls.click(ann, 0));
        server.flush();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void reportHasExactlyTheDocumentedFields() {
        JsonNode r = json(api("/report"), 200);

        assertThat(names(r)).containsExactly("recipients", "sent", "failed", "unique_opens", "opens", "open_rate",
                "unique_clicks", "clicks", "click_rate", "unsubscribes", "links");
        assertThat(r.get("unique_opens").asLong()).isEqualTo(1);
        assertThat(r.get("open_rate").asDouble()).isEqualTo(0.5);
        assertThat(r.get("click_rate").asDouble()).isEqualTo(0.5);
        JsonNode link = r.get("links").get(0);
        assertThat(names(link)).containsExactly("url", "clicks", "unique_clicks");
        assertThat(link.get("url").asText()).isEqualTo(TEA);
        assertThat(link.get("clicks").asLong()).isEqualTo(1);
    }

    @Test
    void unknownCampaignIs404() {
        assertThat(server.get(server.base() + "/api/campaigns/" + (campaign + 50) + "/report", "Authorization", "Bearer " + TOKEN)
                .statusCode()).isEqualTo(404);
        assertThat(server.get(server.base() + "/api/campaigns/" + (campaign + 50) + "/timeline", "Authorization", "Bearer " + TOKEN)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void reportNeedsABearerToken() {
        assertThat(server.get(server.base() + "/api/campaigns/" + campaign + "/report").statusCode()).isEqualTo(401);
    }

    @Test
    void recipientByAddressHasStatusAndEvents() {
        JsonNode r = json(api("/recipients?email=ANN@example.com"), 200);

        assertThat(r.get("status").asText()).isEqualTo("sent");
        assertThat(r.get("opens").asInt()).isEqualTo(1);
        assertThat(r.has("first_open_at")).isTrue();
        assertThat(r.get("events")).hasSize(2);
        assertThat(r.get("events").get(1).get("kind").asText()).isEqualTo("click");
        assertThat(r.get("events").get(1).get("url").asText()).isEqualTo(TEA);
        assertThat(r.get("events").get(1).has("user_agent")).isTrue();
    }

    @Test
    void unknownRecipientIs404() {
        json(api("/recipients?email=nobody@example.com"), 404);
    }

    @Test
    void recipientsWithoutAddressComeAsAPage() {
        JsonNode page = json(api("/recipients?offset=1&limit=1"), 200);

        assertThat(page.get("offset").asInt()).isEqualTo(1);
        assertThat(page.get("recipients")).hasSize(1);
        assertThat(page.get("recipients").get(0).get("email").asText()).isEqualTo("bob@example.com");
    }

    @Test
    void badPageParametersAreRejected() {
        assertThat(api("/recipients?limit=abc").statusCode()).isEqualTo(400);
        assertThat(api("/recipients?limit=100000").statusCode()).isEqualTo(422);
        assertThat(server.get(server.base() + "/api/campaigns/x/report", "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(400);
    }

    @Test
    void timelineHasBucketAndPoints() {
        JsonNode t = json(api("/timeline"), 200);

        assertThat(t.get("bucket").asText()).isEqualTo("minute");
        assertThat(t.get("points").get(0).get("opens").asLong()).isEqualTo(1);
        assertThat(t.get("points").get(0).get("clicks").asLong()).isEqualTo(1);
        assertThat(t.get("points").get(0).get("start").asText()).endsWith(":00Z");
    }

    private HttpResponse<byte[]> api(String path) {
        return server.get(server.base() + "/api/campaigns/" + campaign + path, "Authorization", "Bearer " + TOKEN);
    }

    private static JsonNode json(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
