package app.herald;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.campaign.CampaignFixtures;
import app.herald.config.HeraldConfig;
import app.herald.devinbox.DevInbox;
import app.herald.devinbox.InboxMessage;
import app.herald.store.TestDatabase;
import app.herald.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A campaign through a running Herald: API, dispatcher, dev inbox, and the tracking links it put in the mail. */
@Tag("storage")
class HeraldSendingTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String TOKEN = "hrld_sending_test_admin_token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sendsACampaignIntoTheDevInboxWhoseLinksAndPixelAreTracked() throws Exception {
        long listId = CampaignFixtures.list(DB.jdbi(), "customers");
        CampaignFixtures.contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", listId);
        CampaignFixtures.contact(DB.jdbi(), "ben@example.com", "Ben", "active", "{}", listId);
        try (Herald herald = Herald.start(config())) {
            String body = Json.MAPPER.writeValueAsString(Map.of("name", "Spring", "subject", "Hi {{first_name}}",
                    "from_name", "Acme", "from_email", "news@acme.example", "list_ids", List.of(listId),
                    "html", "<p>Dear {{first_name}}, <a href=\"https://acme.example/pumps?id=7&amp;ref=mail#specs\">pumps</a></p>"));
            long id = json(call(herald, "POST", "/api/campaigns", body)).get("id").asLong();
            assertThat(call(herald, "POST", "/api/campaigns/" + id + "/send", null).statusCode()).isEqualTo(202);
            awaitStatus(herald, id, "sent");

            DevInbox inbox = herald.devInbox().orElseThrow();
            List<InboxMessage> captured = inbox.latest(10);
            assertThat(captured).extracting(m -> m.subject().orElseThrow()).containsExactlyInAnyOrder("Hi Anna", "Hi Ben");
            Document html = Jsoup.parse(htmlPart(inbox.raw(captured.get(0).id())));

            HttpResponse<String> click = get(herald, html.select("a").first().attr("href"));
            assertThat(click.statusCode()).isEqualTo(302);
            assertThat(click.headers().firstValue("Location")).contains("https://acme.example/pumps?id=7&ref=mail#specs");
            assertThat(get(herald, html.select("img").last().attr("src")).statusCode()).isEqualTo(200);

            JsonNode report = awaitReport(herald, id);
            assertThat(report.get("recipients").asLong()).isEqualTo(2);
            assertThat(report.get("sent").asLong()).isEqualTo(2);
            assertThat(report.get("unique_opens").asLong()).isEqualTo(1);
            assertThat(report.get("clicks").asLong()).isEqualTo(1);
            assertThat(report.get("links").get(0).get("url").asText()).isEqualTo("https://acme.example/pumps?id=7&ref=mail#specs");
        }
    }

    private static String htmlPart(byte[] raw) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        return (String) ((MimeMultipart) m.getContent()).getBodyPart(1).getContent();
    }

    private HttpResponse<String> get(Herald herald, String trackingUrl) throws Exception {
        // the mail carries the public URL; the test server listens on a port chosen at start
        return call(herald, "GET", URI.create(trackingUrl).getPath(), null);
    }

    private void awaitStatus(Herald herald, long id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String now;
        do {
            Thread.sleep(50);
            now = json(call(herald, "GET", "/api/campaigns/" + id, null)).get("status").asText();
        } while (!now.equals(status) && System.nanoTime() < deadline);
        assertThat(now).isEqualTo(status);
    }

    private JsonNode awaitReport(Herald herald, long id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode report;
        do {
            Thread.sleep(50);
            report = json(call(herald, "GET", "/api/campaigns/" + id + "/report", null));
        } while ((report.get("clicks").asLong() < 1 || report.get("opens").asLong() < 1) && System.nanoTime() < deadline);
        return report;
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
        return TestHeralds.config(TOKEN, Map.of("dev_inbox.enabled", "true", "dev_inbox.port", "0"));
    }
}
