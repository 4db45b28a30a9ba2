package app.herald;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.audience.ContactStatus;
import app.herald.config.HeraldConfig;
import app.herald.store.TestDatabase;
import app.herald.web.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole of issue 2 through a running Herald and a real SMTP server (GreenMail): import over
 * the API, send, parse every delivered MIME message, request its pixel, links and unsubscribe
 * URL over HTTP as a mail client would, and check the report numbers exactly.
 */
@Tag("storage")
class EndToEndTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String TOKEN = "hrld_end_to_end_admin_token";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void importsSendsAndCountsOpensAndClicksExactly() throws Exception {
        try (Herald herald = Herald.start(config())) {
            long customers = id(call(herald, "POST", "/api/lists", "{\"name\":\"customers\"}", "application/json"));
            long fair = id(call(herald, "POST", "/api/lists", "{\"name\":\"trade fair\"}", "application/json"));
            JsonNode imported = json(call(herald, "POST", "/api/lists/" + customers + "/import", """
                    \uFEFFemail;first_name;company;region
                    anna@example.com;Anna;Anna GmbH;Europe
                    ben@example.com;Ben;"Ben; Sons";Asia
                    chen@example.com;晨;深圳贸易;Asia
                    dora@example.com;;Dora Ltd;Africa
                    not-an-address;Bad;;
                    """, "text/csv"));
            assertThat(imported.get("imported").asLong()).isEqualTo(4);
            assertThat(imported.get("rejected").get(0).get("line").asLong()).isEqualTo(6);
            call(herald, "POST", "/api/lists/" + fair + "/import", "email,first_name\nANNA@example.com,Anna\neve@example.com,Eve\n", "text/csv");
            Audience audience = new Audience(herald.database().jdbi());
            audience.unsubscribe(audience.findContactByEmail("eve@example.com").orElseThrow().id());

            String campaign = Json.MAPPER.writeValueAsString(Map.of(
                    "name", "Spring offer", "subject", "{{default first_name \"Hello\"}}, our spring offer",
                    "from_name", "Mei Chen", "from_email", "sales@trade.example", "list_ids", List.of(customers, fair),
                    "html", """
                            <p>Hi {{default first_name "there"}} at {{company}} ({{attributes.region}})</p>
                            <p><a href="https://shop.example/pumps?id=7&amp;ref=mail#specs">Pumps</a>
                            <a href="https://shop.example/valves">Valves</a> <a href="mailto:sales@trade.example">mail us</a></p>"""));
            long id = id(call(herald, "POST", "/api/campaigns", campaign, "application/json"));
            assertThat(call(herald, "POST", "/api/campaigns/" + id + "/send", "", "application/json").statusCode()).isEqualTo(202);
            Await.until(() -> status(herald, id).equals("sent"));

            // anna is on both lists and gets one message; eve unsubscribed and gets none
            MimeMessage[] received = MAIL.getReceivedMessages();
            Map<String, MimeMessage> byRecipient = new HashMap<>();
            for (MimeMessage m : received) {
                byRecipient.put(m.getAllRecipients()[0].toString(), m);
            }
            assertThat(received).hasSize(4);
            assertThat(byRecipient).containsOnlyKeys("anna@example.com", "ben@example.com", "chen@example.com", "dora@example.com");
            assertThat(byRecipient.get("chen@example.com").getSubject()).isEqualTo("晨, our spring offer");
            assertThat(byRecipient.get("dora@example.com").getSubject()).isEqualTo("Hello, our spring offer");
            for (MimeMessage m : received) {
                assertThat(m.getContentType()).startsWith("multipart/alternative");
                assertThat(m.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
            }

            Mail anna = mail(byRecipient.get("anna@example.com"));
            Mail ben = mail(byRecipient.get("ben@example.com"));
            Mail chen = mail(byRecipient.get("chen@example.com"));
            Mail dora = mail(byRecipient.get("dora@example.com"));
            assertThat(anna.html.text()).contains("Hi Anna at Anna GmbH (Europe)");
            assertThat(anna.html.select("a[href^=mailto:]")).hasSize(1);

            get(herald, anna.pixel(), 200);
            get(herald, anna.pixel(), 200);
            assertThat(get(herald, anna.link(0), 302).headers().firstValue("Location")).contains("https://shop.example/pumps?id=7&ref=mail#specs");
            get(herald, anna.link(0), 302);
            assertThat(get(herald, anna.link(1), 302).headers().firstValue("Location")).contains("https://shop.example/valves");
            get(herald, ben.pixel(), 200);
            get(herald, chen.link(0), 302); // a click with images blocked: no open recorded
            assertThat(get(herald, dora.unsubscribeGet(), 200).body()).contains("<form");
            HttpResponse<String> oneClick = http.send(HttpRequest.newBuilder(local(herald, dora.unsubscribeHeaderUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(oneClick.statusCode()).isEqualTo(200);

            Await.until(() -> report(herald, id).get("clicks").asLong() == 4 && report(herald, id).get("unsubscribes").asLong() == 1);
            JsonNode report = report(herald, id);
            assertThat(report.get("recipients").asLong()).isEqualTo(4);
            assertThat(report.get("sent").asLong()).isEqualTo(4);
            assertThat(report.get("failed").asLong()).isZero();
            assertThat(report.get("unique_opens").asLong()).isEqualTo(2);
            assertThat(report.get("opens").asLong()).isEqualTo(3);
            assertThat(report.get("open_rate").asDouble()).isEqualTo(0.5);
            assertThat(report.get("unique_clicks").asLong()).isEqualTo(2);
            assertThat(report.get("clicks").asLong()).isEqualTo(4);
            assertThat(report.get("click_rate").asDouble()).isEqualTo(0.5);
            Map<String, long[]> links = new HashMap<>();
            report.get("links").forEach(l -> links.put(l.get("url").asText(), new long[] {l.get("clicks").asLong(), l.get("unique_clicks").asLong()}));
            assertThat(links.get("https://shop.example/pumps?id=7&ref=mail#specs")).containsExactly(3, 2);
            assertThat(links.get("https://shop.example/valves")).containsExactly(1, 1);
            assertThat(audience.findContactByEmail("dora@example.com").orElseThrow().status()).isEqualTo(ContactStatus.UNSUBSCRIBED);

            JsonNode annaReport = json(call(herald, "GET", "/api/campaigns/" + id + "/recipients?email=anna@example.com", null, null));
            assertThat(annaReport.get("status").asText()).isEqualTo("sent");
            assertThat(annaReport.get("smtp_reply").asText()).startsWith("250");
            assertThat(annaReport.get("opens").asInt()).isEqualTo(2);
            assertThat(annaReport.get("clicks").asInt()).isEqualTo(3);
            assertThat(annaReport.get("events")).hasSize(5);
        }
    }

    /** One delivered message: its HTML part and the tracking URLs in it. */
    private record Mail(Document html, String listUnsubscribe) {
        String pixel() {
            return html.select("img[width=1]").last().attr("src");
        }

        String link(int n) {
            return html.select("a[href*=/t/c/]").get(n).attr("href");
        }

        String unsubscribeGet() {
            return html.select("a[href*=/t/u/]").first().attr("href");
        }

        String unsubscribeHeaderUrl() {
            return Arrays.stream(listUnsubscribe.split(",")).map(String::trim).filter(s -> s.startsWith("<http"))
                    .map(s -> s.substring(1, s.length() - 1)).findFirst().orElseThrow();
        }
    }

    private static Mail mail(MimeMessage m) throws Exception {
        MimeMultipart parts = (MimeMultipart) m.getContent();
        String html = null;
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/html")) {
                html = (String) parts.getBodyPart(i).getContent();
            }
        }
        assertThat(html).as("HTML part").isNotNull();
        return new Mail(Jsoup.parse(html), m.getHeader("List-Unsubscribe", ","));
    }

    private HttpResponse<String> get(Herald herald, String trackingUrl, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(local(herald, trackingUrl))
                .header("User-Agent", "Mozilla/5.0 (end-to-end test)").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + trackingUrl).isEqualTo(expectedStatus);
        return r;
    }

    /** The mail carries the public URL; this test's server listens on the port it got at start. */
    private static URI local(Herald herald, String publicUrl) {
        return URI.create("http://127.0.0.1:" + herald.httpPort() + URI.create(publicUrl).getRawPath());
    }

    private HttpResponse<String> call(Herald herald, String method, String path, String body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN);
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long id(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asLong();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private String status(Herald herald, long id) {
        try {
            return json(call(herald, "GET", "/api/campaigns/" + id, null, null)).get("status").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode report(Herald herald, long id) {
        try {
            return json(call(herald, "GET", "/api/campaigns/" + id + "/report", null, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HeraldConfig config() {
        return TestHeralds.config(TOKEN, Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(MAIL.getSmtp().getPort())));
    }
}
