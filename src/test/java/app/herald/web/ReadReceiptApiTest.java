package app.herald.web;

import app.herald.delivery.Outbound;
import app.herald.tracelog.TrackingLog;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.Campaigns;
import app.herald.campaign.MessageRenderer;
import app.herald.config.HeraldConfig;
import app.herald.delivery.Delivery;
import app.herald.delivery.Dispatcher;
import app.herald.delivery.SmtpPool;
import app.herald.report.Reports;
import app.herald.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The campaign option request_read_receipt, and read_confirmed_at in the recipient report. */
@Tag("storage")
class ReadReceiptApiTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
    private static final String TOKEN = "read-receipt-test-token-0123";

    private final HttpClient http = HttpClient.newHttpClient();
    private SmtpPool pool;
    private Dispatcher dispatcher;
    private WebServer web;
    private long listId;

    @BeforeEach
    void setUp() {
        Campaigns campaigns = new Campaigns(DB.jdbi());
        MessageRenderer renderer = new MessageRenderer(DB.jdbi(), CampaignFixtures.URLS);
        pool = new SmtpPool(new HeraldConfig.Smtp("127.0.0.1", MAIL.getSmtp().getPort(), Optional.empty(), Optional.empty(),
                HeraldConfig.Tls.NONE, 1));
        dispatcher = Dispatcher.start(DB.jdbi(), campaigns, renderer, pool, Outbound.PLAIN, TrackingLog.disabled());
        Users users = new Users(DB.jdbi());
        users.ensureAdmin(Optional.of(TOKEN));
        web = WebServer.start("127.0.0.1", 0, List.of(new ApiAuth(users),
                new CampaignApi(campaigns, new Delivery(DB.jdbi(), campaigns, renderer, pool, dispatcher, Outbound.PLAIN, TrackingLog.disabled())),
                new ReportApi(new Reports(DB.jdbi()))));
        listId = CampaignFixtures.list(DB.jdbi(), "customers");
    }

    @AfterEach
    void tearDown() {
        web.close();
        dispatcher.close();
        pool.close();
    }

    private String campaign(Boolean requestReadReceipt) throws Exception {
        Map<String, Object> c = new HashMap<>(Map.of("name", "Spring", "subject", "Hi", "from_name", "Anna",
                "from_email", "news@acme.example", "html", "<p>Hello</p>", "list_ids", List.of(listId)));
        if (requestReadReceipt != null) {
            c.put("request_read_receipt", requestReadReceipt);
        }
        return Json.MAPPER.writeValueAsString(c);
    }

    @Test
    void aCampaignRequestsReadReceiptsOnlyWhenAsked() throws Exception {
        long plain = json(call("POST", "/api/campaigns", campaign(null))).get("id").asLong();
        long asking = json(call("POST", "/api/campaigns", campaign(true))).get("id").asLong();

        assertThat(json(call("GET", "/api/campaigns/" + plain, null)).get("request_read_receipt").asBoolean()).isFalse();
        assertThat(json(call("GET", "/api/campaigns/" + asking, null)).get("request_read_receipt").asBoolean()).isTrue();
        assertThat(json(call("PUT", "/api/campaigns/" + asking, campaign(false))).get("request_read_receipt").asBoolean()).isFalse();
    }

    @Test
    void theTestMessageOfSuchACampaignCarriesDispositionNotificationTo() throws Exception {
        long id = json(call("POST", "/api/campaigns", campaign(true))).get("id").asLong();

        call("POST", "/api/campaigns/" + id + "/test", "{\"emails\":[\"boss@acme.example\"]}");

        assertThat(MAIL.getReceivedMessages()).singleElement().satisfies(m ->
                assertThat(m.getHeader("Disposition-Notification-To")).containsExactly("news@acme.example"));
        JsonNode recipient = json(call("GET", "/api/campaigns/" + id + "/recipients?email=boss@acme.example", null));
        assertThat(recipient.has("read_confirmed_at")).isTrue();
        assertThat(recipient.get("read_confirmed_at").isNull()).isTrue();
    }

    private HttpResponse<String> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                .header("Authorization", "Bearer " + TOKEN);
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }
}
