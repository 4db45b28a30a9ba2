package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.report.Reports;
import app.herald.store.TestDatabase;
import app.herald.tracking.CampaignFixture;
import app.herald.tracking.TrackingServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
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
    private static final String THUNDERBIRD = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.0";
    private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

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
        long bob = fx.sentMessage(campaign, "bob@example.com");
        fx.sendCounts(campaign, 2, 2, 0);
        fx.sentAt(campaign, Instant.now().minusSeconds(3600));
        server.get(server.urls.openPixel(ann), "User-Agent", THUNDERBIRD);
        server.get(server.urls.click(ann, 0), "User-Agent", FIREFOX);
        server.get(server.urls.openPixel(bob), "User-Agent", "Mozilla/5.0"); // Apple Mail Privacy Protection's prefetch
        server.get(server.urls.click(bob, 0), "User-Agent", "curl/8.5.0");
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
                "unique_clicks", "clicks", "click_rate", "unsubscribes", "human", "machine", "clients", "links", "anonymous");
        assertThat(r.get("unique_opens").asLong()).isEqualTo(2);
        assertThat(r.get("open_rate").asDouble()).isEqualTo(1.0);
        assertThat(r.get("click_rate").asDouble()).isEqualTo(1.0);
        JsonNode link = r.get("links").get(0);
        assertThat(names(link)).containsExactly("url", "clicks", "unique_clicks");
        assertThat(link.get("url").asText()).isEqualTo(TEA);
        assertThat(link.get("clicks").asLong()).isEqualTo(2);
    }

    @Test
    void reportSplitsHumanFromMachineHitsAndKeepsTheTotals() {
        JsonNode r = json(api("/report"), 200);

        JsonNode human = r.get("human");
        assertThat(names(human)).containsExactly("unique_opens", "opens", "open_rate", "unique_clicks", "clicks", "click_rate");
        assertThat(List.of(human.get("unique_opens").asLong(), human.get("opens").asLong(), human.get("unique_clicks").asLong(),
                human.get("clicks").asLong())).containsExactly(1L, 1L, 1L, 1L);
        assertThat(human.get("open_rate").asDouble()).isEqualTo(0.5);
        assertThat(human.get("click_rate").asDouble()).isEqualTo(0.5);
        JsonNode machine = r.get("machine");
        assertThat(names(machine)).containsExactly("opens", "clicks", "by_kind");
        assertThat(machine.get("opens").asLong()).isEqualTo(1);
        assertThat(machine.get("clicks").asLong()).isEqualTo(1);
        assertThat(names(machine.get("by_kind"))).containsExactly("privacy_proxy_prefetch", "security_scanner", "link_checker", "unknown_bot");
        assertThat(machine.get("by_kind").get("privacy_proxy_prefetch").toString()).isEqualTo("{\"opens\":1,\"clicks\":0}");
        assertThat(machine.get("by_kind").get("unknown_bot").toString()).isEqualTo("{\"opens\":0,\"clicks\":1}");
        assertThat(machine.get("by_kind").get("security_scanner").toString()).isEqualTo("{\"opens\":0,\"clicks\":0}");
        assertThat(r.get("opens").asLong()).isEqualTo(human.get("opens").asLong() + machine.get("opens").asLong());
    }

    @Test
    void reportListsTheMailClientsOfHumanOpens() {
        JsonNode clients = json(api("/report"), 200).get("clients");

        assertThat(clients).hasSize(1);
        assertThat(clients.get(0).toString()).isEqualTo("{\"client\":\"Thunderbird\",\"device\":\"desktop\",\"os\":\"Windows\",\"opens\":1}");
    }

    @Test
    void recipientEventsCarryTheirVerdictAndEvidence() {
        JsonNode ann = json(api("/recipients?email=ann@example.com"), 200);
        JsonNode bob = json(api("/recipients?email=bob@example.com"), 200);

        assertThat(ann.get("human_opens").asInt()).isEqualTo(1);
        assertThat(ann.get("human_clicks").asInt()).isEqualTo(1);
        JsonNode open = ann.get("events").get(0);
        assertThat(open.get("verdict").asText()).isEqualTo("human");
        assertThat(open.get("machine_kind").isNull()).isTrue();
        assertThat(open.get("evidence").get("method").asText()).isEqualTo("GET");
        assertThat(open.get("evidence").get("client").asText()).isEqualTo("Thunderbird");
        assertThat(open.get("evidence").get("seconds_after_send").asLong()).isBetween(3590L, 3700L);
        JsonNode prefetch = bob.get("events").get(0);
        assertThat(prefetch.get("verdict").asText()).isEqualTo("machine");
        assertThat(prefetch.get("machine_kind").asText()).isEqualTo("privacy_proxy_prefetch");
        assertThat(prefetch.get("evidence").get("agent").asText()).isEqualTo("Apple Mail Privacy Protection proxy");
        assertThat(prefetch.get("evidence").get("rule").asText()).isEqualTo("machine_agent");
        assertThat(bob.get("events").get(1).get("machine_kind").asText()).isEqualTo("unknown_bot");
        assertThat(bob.get("events").get(1).get("evidence").get("click_before_open").asBoolean()).isFalse();
        assertThat(bob.get("human_opens").asInt()).isZero();
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
        assertThat(r.has("first_human_open_at")).isTrue();
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
        assertThat(t.get("points")).hasSize(1);
        assertThat(t.get("points").get(0).get("opens").asLong()).isEqualTo(2);
        assertThat(t.get("points").get(0).get("clicks").asLong()).isEqualTo(2);
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
