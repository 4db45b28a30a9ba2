package app.herald.web;

import app.herald.delivery.Outbound;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import app.herald.campaign.Campaigns;
import app.herald.campaign.MessageRenderer;
import app.herald.config.HeraldConfig;
import app.herald.delivery.Delivery;
import app.herald.delivery.Dispatcher;
import app.herald.delivery.SmtpPool;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class CampaignApiTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String TOKEN = "test-admin-token-0123456789";
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
                HeraldConfig.Tls.NONE, 2));
        dispatcher = Dispatcher.start(DB.jdbi(), campaigns, renderer, pool, Outbound.PLAIN, TrackingLog.disabled());
        Delivery delivery = new Delivery(DB.jdbi(), campaigns, renderer, pool, dispatcher, Outbound.PLAIN, TrackingLog.disabled());
        Users users = new Users(DB.jdbi());
        users.ensureAdmin(Optional.of(TOKEN));
        web = WebServer.start("127.0.0.1", 0, List.of(new ApiAuth(users), new CampaignApi(campaigns, delivery)));
        listId = CampaignFixtures.list(DB.jdbi(), "customers");
        CampaignFixtures.contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{\"region\": \"EMEA\"}", listId);
    }

    @AfterEach
    void tearDown() {
        web.close();
        dispatcher.close();
        pool.close();
    }

    private HttpResponse<String> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30));
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private String campaignJson(String subject, String html) throws Exception {
        return Json.MAPPER.writeValueAsString(java.util.Map.of("name", "Spring", "subject", subject, "from_name", "Anna",
                "from_email", "news@acme.example", "html", html, "list_ids", List.of(listId)));
    }

    @Test
    void answers422WithTheLineOfATemplateError() throws Exception {
        HttpResponse<String> r = call("POST", "/api/campaigns", campaignJson("Hi", "<p>Hello</p>\n<p>{{#if first_name}}x</p>"));

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).get("error").asText()).startsWith("html template error at line 2");
    }

    @Test
    void showsTheProgressOfASentCampaignAnd404ForAnUnknownOne() throws Exception {
        long id = json(call("POST", "/api/campaigns", campaignJson("Hi", "<p>Hello</p>"))).get("id").asLong();
        assertThat(call("POST", "/api/campaigns/" + id + "/send", null).statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode progress;
        do {
            Thread.sleep(50);
            progress = json(call("GET", "/api/campaigns/" + id + "/progress", null));
        } while (!progress.get("status").asText().equals("sent") && System.nanoTime() < deadline);

        assertThat(progress.get("status").asText()).isEqualTo("sent");
        assertThat(progress.get("recipients").asLong()).isEqualTo(1);
        assertThat(progress.get("sent").asLong()).isEqualTo(1);
        assertThat(progress.get("failed").asLong()).isZero();
        assertThat(progress.get("deferred").asLong()).isZero();
        assertThat(progress.get("queued").asLong()).isZero();
        assertThat(progress.get("messages_per_second").asDouble()).isZero();
        assertThat(progress.get("eta_seconds").asLong()).isZero();
        assertThat(progress.get("queueing").asBoolean()).isFalse();
        assertThat(progress.get("finished_at").isNull()).isFalse();

        HttpResponse<String> unknown = call("GET", "/api/campaigns/" + (id + 99) + "/progress", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("campaign " + (id + 99) + " does not exist");
    }

    @Test
    void createsShowsTestsAndSendsACampaign() throws Exception {
        HttpResponse<String> created = call("POST", "/api/campaigns", campaignJson("Hi {{first_name}}", "<p>Region {{attributes.region}}</p>"));
        assertThat(created.statusCode()).isEqualTo(201);
        long id = json(created).get("id").asLong();

        JsonNode shown = json(call("GET", "/api/campaigns/" + id, null));
        assertThat(shown.get("status").asText()).isEqualTo("draft");
        assertThat(shown.get("subject").asText()).isEqualTo("Hi {{first_name}}");
        assertThat(shown.get("from_email").asText()).isEqualTo("news@acme.example");
        assertThat(shown.get("list_ids").get(0).asLong()).isEqualTo(listId);
        assertThat(shown.get("reply_to").isNull()).isTrue();

        HttpResponse<String> tested = call("POST", "/api/campaigns/" + id + "/test", "{\"emails\":[\"boss@acme.example\"]}");
        assertThat(tested.statusCode()).isEqualTo(200);
        assertThat(json(tested).get("messages").get(0).get("status").asText()).isEqualTo("sent");
        assertThat(json(tested).get("messages").get(0).get("smtp_reply").asText()).startsWith("250");

        HttpResponse<String> sent = call("POST", "/api/campaigns/" + id + "/send", null);
        assertThat(sent.statusCode()).isEqualTo(202);
        assertThat(json(sent).get("status").asText()).isEqualTo("sending");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status;
        do {
            Thread.sleep(50);
            status = json(call("GET", "/api/campaigns/" + id, null)).get("status").asText();
        } while (!status.equals("sent") && System.nanoTime() < deadline);
        assertThat(status).isEqualTo("sent");
        assertThat(MAIL.getReceivedMessages()).hasSize(2);
        assertThat(call("POST", "/api/campaigns/" + id + "/send", null).statusCode()).isEqualTo(422);
        assertThat(json(call("GET", "/api/campaigns", null)).get("campaigns").get(0).get("id").asLong()).isEqualTo(id);
    }

    @Test
    void recordsTheApiUserWhoCreatedTheCampaignAsItsOwner() throws Exception {
        long id = json(call("POST", "/api/campaigns", campaignJson("Hi", "<p>Hello</p>"))).get("id").asLong();

        Long owner = DB.jdbi().withHandle(h -> h.createQuery("SELECT owner_user_id FROM campaign WHERE id = :id")
                .bind("id", id).mapTo(Long.class).one());
        Long admin = DB.jdbi().withHandle(h -> h.createQuery("SELECT id FROM app_user WHERE name = 'admin'").mapTo(Long.class).one());
        assertThat(owner).isEqualTo(admin);
    }

    @Test
    void editsOnlyADraft() throws Exception {
        long id = json(call("POST", "/api/campaigns", campaignJson("Hi", "<p>a</p>"))).get("id").asLong();

        HttpResponse<String> edited = call("PUT", "/api/campaigns/" + id, campaignJson("Hello", "<p>b</p>"));
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(json(edited).get("subject").asText()).isEqualTo("Hello");

        call("POST", "/api/campaigns/" + id + "/send", null);
        HttpResponse<String> late = call("PUT", "/api/campaigns/" + id, campaignJson("Again", "<p>c</p>"));
        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(json(late).get("error").asText()).contains("only a draft can be edited");
    }

    @Test
    void rejectsBadRequests() throws Exception {
        assertThat(call("GET", "/api/campaigns/999", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/campaigns/abc", null).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/campaigns", "{\"name\": ").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/campaigns", "{\"nme\": \"x\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = call("POST", "/api/campaigns", "{\"name\": \"x\"}");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(json(missing).get("error").asText()).isEqualTo("subject is required");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/api/campaigns"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
