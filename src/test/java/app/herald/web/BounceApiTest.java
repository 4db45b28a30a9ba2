package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.bounce.BounceSource;
import app.herald.bounce.Bounces;
import app.herald.bounce.ReturnPath;
import app.herald.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bounce and suppression endpoints over real HTTP. */
@Tag("storage")
class BounceApiTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final String TOKEN = "bounce-api-test-token";

    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;
    private Bounces bounces;

    @BeforeEach
    void start() {
        Users users = new Users(DB.jdbi());
        users.ensureAdmin(Optional.of(TOKEN));
        Audience audience = new Audience(DB.jdbi());
        bounces = new Bounces(DB.jdbi(), audience, ReturnPath.fromAddress(), 3, Duration.ofDays(7));
        server = WebServer.start("127.0.0.1", 0, List.of(new ApiAuth(users), new BounceApi(bounces), new SuppressionApi(audience)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A constructed fixture (see its README) about a message Herald never sent, so it stays unmatched. */
    private static byte[] unmatchedBounce() throws IOException {
        try (InputStream in = BounceApiTest.class.getResourceAsStream("/app/herald/bounce/dsn-hard.eml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${VERP}", "news@acme.example")
                    .replace("${RECIPIENT}", "ghost@example.org").replace("${HERALD_ID}", "00000000-0000-4000-8000-000000000000")
                    .replace("${MESSAGE_ID}", "<none@example.net>").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void listsBouncesAndOnlyTheUnmatchedOnesWhenAsked() throws Exception {
        bounces.receive(unmatchedBounce(), BounceSource.IMAP, List.of());
        long campaign = DB.jdbi().withHandle(h -> h.createQuery("""
                INSERT INTO campaign (name, subject, from_name, from_email, html) VALUES ('c', 's', 'f', 'f@acme.example', '<p>')
                RETURNING id""").mapTo(Long.class).one());
        DB.jdbi().useHandle(h -> h.execute("""
                INSERT INTO message (campaign_id, email, status) VALUES (?, 'bo@example.org', 'sent');
                INSERT INTO bounce (source, format, raw_size, classification, outcome, message_id)
                VALUES ('smtp', 'dsn', 0, 'delayed', 'recorded', currval('message_id_seq'))""", campaign));

        JsonNode all = json(send("GET", "/api/bounces", null));
        JsonNode unmatched = json(send("GET", "/api/bounces?unmatched=true", null));

        assertThat(all.get("bounces")).hasSize(2);
        assertThat(all.get("bounces").get(0).get("campaign_id").asLong()).isEqualTo(campaign);
        assertThat(unmatched.get("unmatched").asBoolean()).isTrue();
        assertThat(unmatched.get("bounces")).hasSize(1);
        JsonNode b = unmatched.get("bounces").get(0);
        assertThat(b.get("source").asText()).isEqualTo("imap");
        assertThat(b.get("format").asText()).isEqualTo("dsn");
        assertThat(b.get("recipient").asText()).isEqualTo("ghost@example.org");
        assertThat(b.get("status").asText()).isEqualTo("5.1.1");
        assertThat(b.get("classification").asText()).isEqualTo("hard");
        assertThat(b.get("message_id").isNull()).isTrue();
        assertThat(b.get("outcome").asText()).startsWith("kept for an admin");
        assertThat(b.has("received_at")).isTrue();
    }

    @Test
    void showsOneBounceAndItsRawReport() throws Exception {
        long id = bounces.receive(unmatchedBounce(), BounceSource.SMTP, List.of()).get(0);

        assertThat(json(send("GET", "/api/bounces/" + id, null)).get("diagnostic").asText())
                .startsWith("550 5.1.1 <ghost@example.org>");
        HttpResponse<String> raw = send("GET", "/api/bounces/" + id + "/raw", null);
        assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("message/rfc822"));
        assertThat(raw.body()).contains("Final-Recipient: rfc822; ghost@example.org");
        assertThat(send("GET", "/api/bounces/999", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/bounces?unmatched=maybe", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/bounces?limit=5000", null).statusCode()).isEqualTo(422);
    }

    @Test
    void addsListsAndRemovesSuppressions() throws Exception {
        HttpResponse<String> created = send("POST", "/api/suppressions", "{\"address\":\"Ana@Example.org\",\"reason\":\"asked us\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode ana = json(created);
        assertThat(ana.get("address").asText()).isEqualTo("ana@example.org");
        assertThat(ana.get("domain").isNull()).isTrue();
        assertThat(ana.get("source").asText()).isEqualTo("manual");
        assertThat(ana.get("reason").asText()).isEqualTo("asked us");

        HttpResponse<String> domain = send("POST", "/api/suppressions", "{\"domain\":\"@competitor.example\"}");
        assertThat(domain.statusCode()).isEqualTo(201);
        assertThat(json(domain).get("domain").asText()).isEqualTo("competitor.example");
        HttpResponse<String> again = send("POST", "/api/suppressions", "{\"address\":\"ana@example.org\",\"reason\":\"other\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("reason").asText()).isEqualTo("asked us");

        JsonNode list = json(send("GET", "/api/suppressions", null));
        assertThat(list.get("suppressions")).extracting(n -> n.get("id").asLong())
                .containsExactly(json(domain).get("id").asLong(), ana.get("id").asLong());
        assertThat(json(send("GET", "/api/suppressions?search=competitor", null)).get("suppressions")).hasSize(1);

        assertThat(send("DELETE", "/api/suppressions/" + ana.get("id").asLong(), null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/api/suppressions/" + ana.get("id").asLong(), null).statusCode()).isEqualTo(404);
        assertThat(json(send("GET", "/api/suppressions", null)).get("suppressions")).hasSize(1);
    }

    @Test
    void refusesASuppressionThatIsNotExactlyOneAddressOrDomain() throws Exception {
        assertThat(error(send("POST", "/api/suppressions", "{\"reason\":\"x\"}"), 422)).contains("one is required");
        assertThat(error(send("POST", "/api/suppressions", "{\"address\":\"a@example.org\",\"domain\":\"example.org\"}"), 422))
                .contains("not both");
        assertThat(error(send("POST", "/api/suppressions", "{\"address\":\"example.org\"}"), 422)).contains("has no @");
        assertThat(error(send("POST", "/api/suppressions", "{\"domain\":\"a@example.org\"}"), 422)).contains("is an address");
        assertThat(error(send("POST", "/api/suppressions", "{\"address\":\"a@localhost\"}"), 422)).contains("without a dot");
        assertThat(error(send("POST", "/api/suppressions", "{\"email\":\"a@example.org\"}"), 400)).contains("email");
    }

    @Test
    void answers401WithoutToken() throws Exception {
        HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/suppressions")).GET().build();
        assertThat(http.send(plain, BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    private static String error(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response).get("error").asText();
    }

    private HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }
}
