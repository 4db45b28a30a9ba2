package app.herald;

import static app.herald.campaign.CampaignFixtures.contact;
import static app.herald.campaign.CampaignFixtures.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.herald.config.HeraldConfig;
import app.herald.devinbox.DevInbox;
import app.herald.devinbox.InboxMessage;
import app.herald.store.TestDatabase;
import app.herald.tracelog.WrittenLog;
import app.herald.tracelog.WrittenLog.Row;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A campaign through a running Herald, followed recipient by recipient in the message tracking log
 * alone, the way an admin answers "what happened to the mail to X?".
 */
@Tag("storage")
class HeraldTrackingLogTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String TOKEN = "hrld_tracking_log_test_admin_token";
    private static final String PUMPS = "https://acme.example/pumps?id=7&ref=mail#specs";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyRecipientCanBeFollowedFromSubmissionToItsLastEvent() throws Exception {
        long customers = list(DB.jdbi(), "customers");
        long partners = list(DB.jdbi(), "partners");
        contact(DB.jdbi(), "anna@example.com", "Anna", "active", "{}", customers, partners);
        contact(DB.jdbi(), "ben@example.com", "Ben", "active", "{}", customers);
        contact(DB.jdbi(), "cara@example.com", "Cara", "active", "{}", partners);
        contact(DB.jdbi(), "dan@example.com", "Dan", "unsubscribed", "{}", customers);
        // an address the import would refuse, written straight into the table: its message cannot be built
        contact(DB.jdbi(), "frank@@example.com", "Frank", "active", "{}", customers);
        Path logDir = TestDatabase.tempDir("herald-tracking-log");

        try (Herald herald = Herald.start(config(logDir))) {
            String body = Json.MAPPER.writeValueAsString(Map.of("name", "Spring", "subject", "Spring offer for {{first_name}}",
                    "from_name", "Acme", "from_email", "news@acme.example", "list_ids", List.of(customers, partners),
                    "html", "<p>Dear {{first_name}}, see our <a href=\"https://acme.example/pumps?id=7&amp;ref=mail#specs\">pumps</a></p>"));
            long id = json(call(herald, "POST", "/api/campaigns", body)).get("id").asLong();
            assertThat(call(herald, "POST", "/api/campaigns/" + id + "/send", null).statusCode()).isEqualTo(202);
            awaitStatus(herald, id, "sent");

            DevInbox inbox = herald.devInbox().orElseThrow();
            Document anna = Jsoup.parse(htmlPart(inbox.raw(to(inbox, "anna@example.com").id())));
            assertThat(get(herald, anna.select("img").last().attr("src")).statusCode()).isEqualTo(200);
            assertThat(get(herald, anna.select("a").first().attr("href")).statusCode()).isEqualTo(302);
            Document ben = Jsoup.parse(htmlPart(inbox.raw(to(inbox, "ben@example.com").id())));
            String unsubscribe = ben.select("a").stream().filter(a -> a.attr("href").contains("/t/u/")).findFirst().orElseThrow().attr("href");
            assertThat(call(herald, "POST", URI.create(unsubscribe).getPath(), null).statusCode()).isEqualTo(200);

            List<Row> rows = awaitRows(herald, logDir, r -> r.eventId().equals("AGENTINFO"), 3);

            // the dev inbox stores (DELIVER) before its 250 reaches the sender (SEND): both orders are true to the clock
            List<Row> annaTrace = trace(rows, "anna@example.com");
            assertThat(annaTrace).extracting(Row::eventId).containsExactlyInAnyOrder("EXPAND", "SUBMIT", "DUPLICATEEXPAND", "SEND",
                    "DELIVER", "AGENTINFO", "AGENTINFO");
            assertThat(annaTrace).extracting(Row::eventId).startsWith("EXPAND", "SUBMIT", "DUPLICATEEXPAND")
                    .containsSubsequence("SUBMIT", "SEND", "AGENTINFO", "AGENTINFO").containsSubsequence("SUBMIT", "DELIVER", "AGENTINFO");
            Row submit = event(annaTrace, "SUBMIT");
            for (Row r : annaTrace.subList(2, annaTrace.size())) {
                assertThat(r.get("message-id")).as(r.eventId()).isEqualTo(submit.get("message-id"));
                assertThat(r.get("network-message-id")).as(r.eventId()).isEqualTo(submit.get("network-message-id"));
            }
            Row send = event(annaTrace, "SEND");
            assertThat(send.recipientStatus().get(0)).startsWith("250 ");
            assertThat(send.get("message-subject")).isEqualTo("Spring offer for Anna");
            assertThat(send.get("internal-message-id")).isEqualTo(submit.get("internal-message-id"));
            assertThat(Long.parseLong(send.get("total-bytes"))).as("the bytes sent: what the inbox got, less its Received header")
                    .isEqualTo(withoutReceived(inbox.raw(to(inbox, "anna@example.com").id())).length);
            Row deliver = event(annaTrace, "DELIVER");
            assertThat(deliver.file()).startsWith("MSGTRKMD");
            assertThat(deliver.get("internal-message-id")).isEqualTo(String.valueOf(to(inbox, "anna@example.com").id()));
            assertThat(annaTrace.get(5).customData()).containsEntry("Event", "Open").containsKey("UserAgent");
            assertThat(annaTrace.get(6).customData()).containsEntry("Event", "Click").containsEntry("Url", PUMPS);
            // tracking.ip_storage is truncated by default: the log keeps the /24, never the whole address
            assertThat(annaTrace.get(6).get("client-ip")).isEqualTo("127.0.0.0");

            assertThat(trace(rows, "ben@example.com")).extracting(Row::eventId)
                    .containsExactlyInAnyOrder("EXPAND", "SUBMIT", "SEND", "DELIVER", "AGENTINFO")
                    .endsWith("AGENTINFO");
            assertThat(trace(rows, "ben@example.com").getLast().customData()).containsEntry("Event", "Unsubscribe");
            assertThat(trace(rows, "cara@example.com")).extracting(Row::eventId)
                    .containsExactlyInAnyOrder("EXPAND", "SUBMIT", "SEND", "DELIVER");
            assertThat(trace(rows, "dan@example.com")).extracting(Row::eventId).containsExactly("SUPPRESSED");
            assertThat(trace(rows, "frank@@example.com")).extracting(Row::eventId).containsExactly("EXPAND", "SUBMIT", "SUBMITFAIL");
            for (String who : List.of("anna@example.com", "ben@example.com", "cara@example.com")) {
                List<Row> t = trace(rows, who);
                assertThat(t).extracting(r -> r.get("date-time")).isSorted();
                assertThat(t).extracting(Row::eventId).containsSubsequence("SUBMIT", "SEND");
                assertThat(event(t, "SEND").recipientStatus().get(0)).startsWith("250 ");
            }

            writeExample(logDir, annaTrace);
        }
    }

    private static Row event(List<Row> trace, String eventId) {
        return trace.stream().filter(r -> r.eventId().equals(eventId)).findFirst().orElseThrow();
    }

    /** Every event naming the address, in time order (the order Get-MessageTrackingLog returns). */
    private static List<Row> trace(List<Row> rows, String address) {
        return rows.stream().filter(r -> r.recipients().contains(address))
                .sorted(Comparator.comparing((Row r) -> r.get("date-time")).thenComparing(r -> order(r.eventId())))
                .toList();
    }

    /** Events of one instant in pipeline order, as they were logged. */
    private static int order(String eventId) {
        return List.of("EXPAND", "SUBMIT", "DUPLICATEEXPAND", "SUPPRESSED", "SUBMITFAIL", "DELIVER", "SEND", "AGENTINFO").indexOf(eventId);
    }

    /** The raw lines of the trace, for docs/message-tracking-log.md. */
    private static void writeExample(Path logDir, List<Row> trace) throws Exception {
        StringBuilder out = new StringBuilder();
        for (Row r : trace) {
            String id = r.get("date-time");
            for (String line : Files.readString(logDir.resolve(r.file())).split("\r\n")) {
                if (line.startsWith(id) && line.contains("," + r.eventId() + ",") && line.contains("anna@example.com")) {
                    out.append(r.file()).append(": ").append(line).append('\n');
                    break;
                }
            }
        }
        Files.writeString(Path.of("target", "tracking-log-example.txt"), out);
    }

    private List<Row> awaitRows(Herald herald, Path dir, Predicate<Row> match, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Row> rows;
        do {
            herald.trackingLog().flush();
            rows = WrittenLog.rows(dir);
        } while (rows.stream().filter(match).count() < count && System.nanoTime() < deadline && sleep());
        return rows;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(50);
        return true;
    }

    private static InboxMessage to(DevInbox inbox, String address) {
        return inbox.latest(100).stream().filter(m -> m.to().contains(address)).findFirst().orElseThrow();
    }

    private static byte[] withoutReceived(byte[] raw) {
        String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.replaceFirst("^Received:.*\r\n(?:[ \t].*\r\n)*", "").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String htmlPart(byte[] raw) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        return (String) ((MimeMultipart) m.getContent()).getBodyPart(1).getContent();
    }

    private HttpResponse<String> get(Herald herald, String trackingUrl) throws Exception {
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

    private HttpResponse<String> call(Herald herald, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + herald.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN).header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) HeraldTest/1.0")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
        return Json.MAPPER.readTree(r.body());
    }

    private static HeraldConfig config(Path logDir) {
        return TestHeralds.config(TOKEN, Map.of("dev_inbox.enabled", "true", "dev_inbox.port", "0", "message_tracking_log.path", logDir.toString()));
    }
}
