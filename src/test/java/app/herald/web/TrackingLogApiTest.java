package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import app.herald.tracelog.CampaignOwnership;
import app.herald.tracelog.DeliveryLogFixture;
import app.herald.tracelog.DeliveryReports;
import app.herald.tracelog.LogSearch;
import app.herald.tracking.TrackingServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class TrackingLogApiTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN = "hrld_tracking_log_api_test";

    @TempDir
    Path dir;

    private TrackingServer server;
    private DeliveryLogFixture logs;

    @BeforeEach
    void start() {
        new Users(DB.jdbi()).ensureAdmin(Optional.of(ADMIN));
        logs = DeliveryLogFixture.write(DB.jdbi(), dir);
        LogSearch search = new LogSearch(dir);
        server = new TrackingServer(DB.jdbi(), new ApiAuth(new Users(DB.jdbi())),
                new TrackingLogApi(search, new DeliveryReports(search, new CampaignOwnership(DB.jdbi()))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void searchReturnsRecordsWithExchangeNamesAndTheDocumentedFields() {
        JsonNode doc = json(get("/api/tracking-log?sender=SHOP@example.com&recipients=carl@example.com,nobody@example.com", ADMIN), 200);

        assertThat(names(doc)).containsExactly("records", "more_available", "malformed");
        assertThat(doc.get("records")).hasSize(2);
        JsonNode fail = doc.get("records").get(1);
        assertThat(names(fail)).startsWith("Timestamp", "ClientIp", "ClientHostname", "ServerIp", "ServerHostname", "SourceContext")
                .endsWith("TenantId", "OriginalClientIp", "OriginalServerIp", "EventData");
        assertThat(fail.get("EventId").asText()).isEqualTo("FAIL");
        assertThat(fail.get("RecipientStatus").get(0).asText()).isEqualTo("550 5.1.1 User unknown");
        assertThat(fail.get("InternalMessageId").asText()).isEqualTo(Long.toString(logs.annTea() + 2));
        assertThat(doc.get("more_available").asBoolean()).isFalse();
    }

    @Test
    void resultSizeAndMoreAvailable() {
        JsonNode doc = json(get("/api/tracking-log?event_id=SUBMIT&result_size=2", ADMIN), 200);

        assertThat(doc.get("records")).hasSize(2);
        assertThat(doc.get("more_available").asBoolean()).isTrue();
        assertThat(json(get("/api/tracking-log?event_id=SUBMIT&result_size=unlimited", ADMIN), 200).get("records")).hasSize(6);
    }

    @Test
    void timeWindowAndMessageId() {
        JsonNode doc = json(get("/api/tracking-log?start=2026-10-01T16:00:01%2B08:00&end=2026-10-01T08:00:03Z", ADMIN), 200);
        JsonNode byId = json(get("/api/tracking-log?message_id=m" + logs.annOffer() + "@herald.example.com", ADMIN), 200);

        assertThat(doc.get("records")).extracting(r -> r.get("EventId").asText()).containsExactly("DEFER", "DEFER");
        assertThat(byId.get("records")).extracting(r -> r.get("EventId").asText()).containsExactly("SUBMIT", "SEND");
    }

    @Test
    void searchNeedsATokenAndTheAdminRole() {
        assertThat(server.get(server.base() + "/api/tracking-log").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> asUser = get("/api/tracking-log?sender=shop@example.com", DeliveryLogFixture.token("tea-owner"));
        assertThat(asUser.statusCode()).isEqualTo(403);
        assertThat(new String(asUser.body())).contains("for admins");
    }

    @Test
    void badParametersAreRejectedWithTheReason() {
        assertThat(text(get("/api/tracking-log?start=soon", ADMIN), 422)).contains("start must be an ISO 8601 date");
        assertThat(text(get("/api/tracking-log?result_size=0", ADMIN), 422)).contains("at least 1 or 'unlimited'");
        assertThat(text(get("/api/tracking-log?senders=x", ADMIN), 400)).contains("unknown query parameter 'senders'");
    }

    @Test
    void deliveryReportForAnAdminHasEveryMessage() {
        JsonNode doc = json(get("/api/delivery-report?address=ann@example.com", ADMIN), 200);

        assertThat(names(doc)).containsExactly("address", "messages", "more_available", "malformed");
        assertThat(doc.get("messages")).hasSize(4);
        JsonNode ann = doc.get("messages").get(0).get("recipients").get(0);
        assertThat(ann.get("address").asText()).isEqualTo("ann@example.com");
        assertThat(ann.get("status").asText()).isEqualTo("Read");
        assertThat(ann.get("events").get(2).get("event_id").asText()).isEqualTo("SEND");
        assertThat(ann.get("events").get(2).get("recipient_status").asText()).isEqualTo("250 2.1.5 Recipient OK");
    }

    @Test
    void deliveryReportForAUserHasOnlyTheirCampaigns() {
        JsonNode tea = json(get("/api/delivery-report?address=ann@example.com", DeliveryLogFixture.token("tea-owner")), 200);
        JsonNode offer = json(get("/api/delivery-report?address=ann@example.com", DeliveryLogFixture.token("offer-owner")), 200);

        assertThat(tea.get("messages")).extracting(m -> m.get("internal_message_id").asText()).containsExactly(Long.toString(logs.annTea()));
        assertThat(offer.get("messages")).extracting(m -> m.get("recipients").get(0).get("status").asText())
                .containsExactly("Delivered", "Unsuccessful");
    }

    @Test
    void deliveryReportNeedsAnAddressAndAToken() {
        assertThat(text(get("/api/delivery-report", ADMIN), 400)).contains("'address' is required");
        assertThat(server.get(server.base() + "/api/delivery-report?address=ann@example.com").statusCode()).isEqualTo(401);
    }

    private HttpResponse<byte[]> get(String path, String token) {
        return server.get(server.base() + path, "Authorization", "Bearer " + token);
    }

    private static JsonNode json(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(status);
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(status);
        return new String(r.body());
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
