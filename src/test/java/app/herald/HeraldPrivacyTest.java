package app.herald;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Consent, campaign tracking options, anonymous mode, export and erasure through a running Herald and a real SMTP server. */
@Tag("storage")
class HeraldPrivacyTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String TOKEN = "hrld_privacy_test_admin_token";
    private static final String HTML = "<p>Hi {{first_name}}</p><p><a href=\"https://shop.example/pumps\">Pumps</a></p>";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aContactWithoutConsentGetsNoPixelAndTheOriginalLinksButStillAnUnsubscribeLink() throws Exception {
        try (Herald herald = Herald.start(config())) {
            long list = list(herald, "consent");
            JsonNode imported = json(call(herald, "POST", "/api/lists/" + list + "/import", """
                    email,first_name,tracking_consent
                    on@example.com,On,on
                    off@example.com,Off,no
                    unknown@example.com,Unknown,
                    bad@example.com,Bad,maybe
                    """, "text/csv"));
            assertThat(imported.get("imported").asLong()).isEqualTo(3);
            assertThat(imported.get("rejected").get(0).get("line").asLong()).isEqualTo(5);
            assertThat(imported.get("rejected").get(0).get("reason").asText()).contains("tracking_consent \"maybe\" is not one of on, off, unknown");
            assertThat(json(call(herald, "GET", "/api/contacts?email=off@example.com", null, null)).get("tracking_consent").asText()).isEqualTo("off");

            Map<String, Document> mails = send(herald, campaign(list, Map.of()));

            assertThat(mails.get("on@example.com").select("img[src*=/t/o/]")).hasSize(1);
            assertThat(mails.get("on@example.com").select("a[href*=/t/c/]")).hasSize(1);
            assertThat(mails.get("unknown@example.com").select("img[src*=/t/o/]")).hasSize(1); // tracking.consent_default on
            Document off = mails.get("off@example.com");
            assertThat(off.select("img[src*=/t/o/]")).isEmpty();
            assertThat(off.select("a[href*=/t/c/]")).isEmpty();
            assertThat(off.select("a[href=https://shop.example/pumps]")).hasSize(1);
            assertThat(off.select("a[href*=/t/u/]")).hasSize(1);
        }
    }

    @Test
    void aListDefaultOfOffAppliesToContactsWhoseConsentIsUnknownAndTheApiChangesConsent() throws Exception {
        try (Herald herald = Herald.start(config())) {
            long list = list(herald, "careful");
            assertThat(json(call(herald, "PATCH", "/api/lists/" + list, "{\"tracking_consent_default\":\"off\"}", "application/json"))
                    .get("tracking_consent_default").asText()).isEqualTo("off");
            call(herald, "POST", "/api/lists/" + list + "/import", "email\nquiet@example.com\nyes@example.com\n", "text/csv");
            assertThat(call(herald, "PATCH", "/api/contacts/yes@example.com", "{\"tracking_consent\":\"on\"}", "application/json").statusCode()).isEqualTo(200);
            HttpResponse<String> bad = call(herald, "PATCH", "/api/contacts/yes@example.com", "{\"tracking_consent\":\"perhaps\"}", "application/json");
            assertThat(bad.statusCode()).isEqualTo(422);
            assertThat(bad.body()).contains("tracking_consent must be on, off or unknown");

            Map<String, Document> mails = send(herald, campaign(list, Map.of()));

            assertThat(mails.get("quiet@example.com").select("img[src*=/t/o/]")).isEmpty();
            assertThat(mails.get("yes@example.com").select("img[src*=/t/o/]")).hasSize(1);
        }
    }

    @Test
    void campaignsWithOpensOrClicksSwitchedOffLeaveOutThePixelOrTheLinkRewriting() throws Exception {
        try (Herald herald = Herald.start(config())) {
            long list = list(herald, "options");
            call(herald, "POST", "/api/lists/" + list + "/import", "email\nopts@example.com\n", "text/csv");

            Document noOpens = send(herald, campaign(list, Map.of("track_opens", false))).get("opts@example.com");
            assertThat(noOpens.select("img[src*=/t/o/]")).isEmpty();
            assertThat(noOpens.select("a[href*=/t/c/]")).hasSize(1);
            MAIL.purgeEmailFromAllMailboxes();
            Document noClicks = send(herald, campaign(list, Map.of("track_clicks", false))).get("opts@example.com");
            assertThat(noClicks.select("img[src*=/t/o/]")).hasSize(1);
            assertThat(noClicks.select("a[href=https://shop.example/pumps]")).hasSize(1);
        }
    }

    @Test
    void anAnonymousCampaignCountsOpensAndClicksButKeepsNoPerPersonRows() throws Exception {
        try (Herald herald = Herald.start(config())) {
            long list = list(herald, "anonymous");
            call(herald, "POST", "/api/lists/" + list + "/import", "email\nanon1@example.com\nanon2@example.com\n", "text/csv");
            long campaign = campaign(list, Map.of("anonymous", true));
            assertThat(json(call(herald, "GET", "/api/campaigns/" + campaign, null, null)).get("anonymous").asBoolean()).isTrue();
            Map<String, Document> mails = send(herald, campaign);

            for (Document d : mails.values()) {
                get(herald, d.select("img[src*=/t/o/]").attr("src"), 200);
                assertThat(get(herald, d.select("a[href*=/t/c/]").attr("href"), 302).headers().firstValue("Location"))
                        .contains("https://shop.example/pumps");
            }
            Await.until(() -> count(herald, "SELECT clicks FROM campaign_stats WHERE campaign_id = " + campaign) == 2);

            assertThat(count(herald, "SELECT opens FROM campaign_stats WHERE campaign_id = " + campaign)).isEqualTo(2);
            JsonNode report = json(call(herald, "GET", "/api/campaigns/" + campaign + "/report", null, null));
            assertThat(report.get("anonymous").asBoolean()).isTrue();
            assertThat(report.get("opens").asLong()).isEqualTo(2);
            assertThat(report.get("unique_opens").asLong()).isZero();
            assertThat(count(herald, "SELECT sum(clicks) FROM link_stats WHERE campaign_id = " + campaign)).isEqualTo(2);
            assertThat(count(herald, "SELECT count(*) FROM tracking_event WHERE campaign_id = " + campaign)).isZero();
            assertThat(count(herald, "SELECT sum(opens + clicks) FROM message WHERE campaign_id = " + campaign)).isZero();
        }
    }

    @Test
    void exportShowsEverythingAndErasureDeletesItAndKeepsThePersonFromBeingMailedOrImportedAgain() throws Exception {
        try (Herald herald = Herald.start(config())) {
            long list = list(herald, "erasure");
            call(herald, "POST", "/api/lists/" + list + "/import", "email,first_name,tracking_consent,shoe size\nera@example.com,Era,on,39\n", "text/csv");
            long campaign = campaign(list, Map.of());
            Document mail = send(herald, campaign).get("era@example.com");
            get(herald, mail.select("img[src*=/t/o/]").attr("src"), 200);
            Await.until(() -> count(herald, "SELECT count(*) FROM tracking_event e JOIN message m ON m.id = e.message_id WHERE m.email = 'era@example.com'") == 1);

            HttpResponse<String> exported = call(herald, "GET", "/api/contacts/era@example.com/export", null, null);
            assertThat(exported.statusCode()).isEqualTo(200);
            JsonNode data = json(exported);
            assertThat(data.get("contact").get("first_name").asText()).isEqualTo("Era");
            assertThat(data.get("contact").get("attributes").get("shoe size").asText()).isEqualTo("39");
            assertThat(data.get("contact").get("tracking_consent").asText()).isEqualTo("on");
            assertThat(data.get("lists").get(0).get("list_name").asText()).isEqualTo("erasure");
            assertThat(data.get("messages").get(0).get("status").asText()).isEqualTo("sent");
            assertThat(data.get("messages").get(0).get("opens").asInt()).isEqualTo(1);
            assertThat(data.get("tracking_events").get(0).get("kind").asText()).isEqualTo("open");
            assertThat(data.get("tracking_events").get(0).get("ip").asText()).isEqualTo("127.0.0.0"); // truncated by default
            assertThat(data.get("bounces")).isEmpty();
            assertThat(data.get("suppressions")).isEmpty();

            JsonNode erased = json(call(herald, "POST", "/api/contacts/era@example.com/erase", "", "application/json"));
            assertThat(erased.get("contact").asBoolean()).isTrue();
            assertThat(erased.get("messages").asLong()).isEqualTo(1);
            assertThat(erased.get("tracking_events").asLong()).isEqualTo(1);

            assertThat(call(herald, "GET", "/api/contacts?email=era@example.com", null, null).statusCode()).isEqualTo(404);
            assertThat(count(herald, "SELECT count(*) FROM message WHERE lower(email) = 'era@example.com'")).isZero();
            assertThat(count(herald, "SELECT count(*) FROM suppression WHERE source = 'erasure' AND address IS NULL")).isEqualTo(1);
            assertThat(count(herald, "SELECT opens FROM campaign_stats WHERE campaign_id = " + campaign)).isEqualTo(1); // aggregates stay
            JsonNode after = json(call(herald, "GET", "/api/contacts/ERA@example.com/export", null, null));
            assertThat(after.get("contact").isNull()).isTrue();
            assertThat(after.get("suppressions").get(0).get("erased").asBoolean()).isTrue();

            JsonNode reimport = json(call(herald, "POST", "/api/lists/" + list + "/import", "email\nother@example.com\nEra@Example.com\n", "text/csv"));
            assertThat(reimport.get("imported").asLong()).isEqualTo(1);
            assertThat(reimport.get("rejected").get(0).get("line").asLong()).isEqualTo(3);
            assertThat(reimport.get("rejected").get(0).get("reason").asText()).contains("erased");
            assertThat(call(herald, "GET", "/api/contacts?email=era@example.com", null, null).statusCode()).isEqualTo(404);

            JsonNode test = json(call(herald, "POST", "/api/campaigns/" + campaign + "/test", "{\"emails\":[\"era@example.com\"]}", "application/json"));
            assertThat(test.get("messages").get(0).get("status").asText()).isEqualTo("failed");
            assertThat(test.get("messages").get(0).get("smtp_reply").asText()).contains("suppression list");
        }
    }

    private long list(Herald herald, String name) throws Exception {
        HttpResponse<String> r = call(herald, "POST", "/api/lists", "{\"name\":\"" + name + "\"}", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asLong();
    }

    private long campaign(long list, Map<String, Object> options) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Privacy " + Instant.now(), "subject", "Hello",
                "from_name", "Shop", "from_email", "shop@trade.example", "list_ids", List.of(list), "html", HTML));
        body.putAll(options);
        HttpResponse<String> r = call(herald(), "POST", "/api/campaigns", Json.MAPPER.writeValueAsString(body), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asLong();
    }

    private Herald current;

    private Herald herald() {
        return current;
    }

    /** Sends the campaign and returns each recipient's HTML. */
    private Map<String, Document> send(Herald herald, long campaign) throws Exception {
        assertThat(call(herald, "POST", "/api/campaigns/" + campaign + "/send", "", "application/json").statusCode()).isEqualTo(202);
        Await.until(() -> {
            try {
                return json(call(herald, "GET", "/api/campaigns/" + campaign, null, null)).get("status").asText().equals("sent");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Document> out = new HashMap<>();
        for (MimeMessage m : MAIL.getReceivedMessages()) {
            MimeMultipart parts = (MimeMultipart) m.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                if (parts.getBodyPart(i).isMimeType("text/html")) {
                    out.put(m.getAllRecipients()[0].toString(), Jsoup.parse((String) parts.getBodyPart(i).getContent()));
                }
            }
            assertThat(m.getHeader("List-Unsubscribe")).isNotEmpty();
        }
        return out;
    }

    private HttpResponse<String> get(Herald herald, String url, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.httpPort() + URI.create(url).getRawPath()))
                .header("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(status);
        return r;
    }

    private HttpResponse<String> call(Herald herald, String method, String path, String body, String type) throws Exception {
        current = herald;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN);
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(Herald herald, String sql) {
        return herald.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).findOne().orElse(0L));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private static HeraldConfig config() {
        return TestHeralds.config(TOKEN, Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(MAIL.getSmtp().getPort())));
    }
}
