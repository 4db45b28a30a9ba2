package app.herald;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import app.herald.config.HeraldConfig;
import app.herald.config.Settings;
import app.herald.devinbox.InboxMessage;
import app.herald.store.TestDatabase;
import app.herald.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A running Herald with a bounce domain: VERP on outgoing mail, its bounce listener, and the bounce and suppression API. */
@Tag("storage")
class HeraldBounceTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String TOKEN = "hrld_bounce_test_admin_token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBounceToTheVerpAddressOfASentMessageSuppressesItsContact() throws Exception {
        long listId = CampaignFixtures.list(DB.jdbi(), "customers");
        CampaignFixtures.contact(DB.jdbi(), "gone@example.org", "Gone", "active", "{}", listId);
        try (Herald herald = Herald.start(config())) {
            String body = Json.MAPPER.writeValueAsString(Map.of("name", "Spring", "subject", "Hi", "from_name", "Acme",
                    "from_email", "news@acme.example", "list_ids", List.of(listId), "html", "<p>Hello</p>"));
            long id = json(call(herald, "POST", "/api/campaigns", body)).get("id").asLong();
            call(herald, "POST", "/api/campaigns/" + id + "/send", null);
            InboxMessage sent = awaitCaptured(herald);
            assertThat(sent.from()).matches("bounce\\+[a-z2-7]{31}@bounces\\.acme\\.example");

            deliverBounce(herald.bounceListener().orElseThrow().port(), sent.from(), "gone@example.org");

            JsonNode bounce = json(call(herald, "GET", "/api/bounces", null)).get("bounces").get(0);
            assertThat(bounce.get("classification").asText()).isEqualTo("hard");
            assertThat(bounce.get("campaign_id").asLong()).isEqualTo(id);
            JsonNode suppressions = json(call(herald, "GET", "/api/suppressions", null)).get("suppressions");
            assertThat(suppressions).singleElement().satisfies(s -> {
                assertThat(s.get("address").asText()).isEqualTo("gone@example.org");
                assertThat(s.get("source").asText()).isEqualTo("bounce");
            });
        }
    }

    /** The constructed DSN fixture (see its README), sent to the listener as an MTA would. */
    private static void deliverBounce(int port, String verp, String recipient) throws Exception {
        String text;
        try (InputStream in = HeraldBounceTest.class.getResourceAsStream("/app/herald/bounce/dsn-hard.eml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${VERP}", verp).replace("${RECIPIENT}", recipient)
                    .replace("${HERALD_ID}", "00000000-0000-4000-8000-000000000000").replace("${MESSAGE_ID}", "<x@example.net>");
        }
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(port));
        Session session = Session.getInstance(p);
        MimeMessage dsn = new MimeMessage(session, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        Transport.send(dsn, new Address[] {new InternetAddress(verp)});
    }

    private static InboxMessage awaitCaptured(Herald herald) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (herald.devInbox().orElseThrow().latest(1).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return herald.devInbox().orElseThrow().latest(1).get(0);
    }

    private HttpResponse<String> call(Herald herald, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
        return Json.MAPPER.readTree(r.body());
    }

    private static HeraldConfig config() {
        HikariDataSource ds = (HikariDataSource) TestDatabase.database().dataSource();
        return HeraldConfig.from(Settings.of(Map.ofEntries(
                Map.entry("http.host", "127.0.0.1"), Map.entry("http.port", "0"),
                Map.entry("data_dir", TestDatabase.tempDir("herald-bounces").toString()),
                Map.entry("db.url", ds.getJdbcUrl()), Map.entry("db.user", ds.getUsername()),
                Map.entry("dev_inbox.enabled", "true"), Map.entry("dev_inbox.port", "0"),
                Map.entry("bounce.domain", "bounces.acme.example"), Map.entry("bounce.smtp.enabled", "true"),
                Map.entry("bounce.smtp.port", "0"), Map.entry("admin_token", TOKEN))));
    }
}
