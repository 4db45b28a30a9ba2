package app.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.audience.Audience;
import app.herald.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("storage")
class AudienceApiTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final String TOKEN = "audience-api-test-token";

    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeEach
    void start() {
        Users users = new Users(DB.jdbi());
        users.ensureAdmin(Optional.of(TOKEN));
        server = WebServer.start("127.0.0.1", 0, List.of(new ApiAuth(users), new AudienceApi(new Audience(DB.jdbi()))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsListAndShowsItWithCounts() throws Exception {
        HttpResponse<String> created = send("POST", "/api/lists", "application/json", "{\"name\":\"Customers\"}", true);
        assertThat(created.statusCode()).isEqualTo(201);
        long id = json(created).get("id").asLong();

        JsonNode list = json(send("GET", "/api/lists/" + id, null, null, true));
        assertThat(list.get("name").asText()).isEqualTo("Customers");
        assertThat(list.get("members").asLong()).isZero();
        assertThat(list.get("active").asLong()).isZero();
        assertThat(list.has("created_at")).isTrue();

        JsonNode all = json(send("GET", "/api/lists", null, null, true));
        assertThat(all.isArray()).isTrue();
        assertThat(all.get(0).get("id").asLong()).isEqualTo(id);
    }

    @Test
    void refusesDuplicateOrBlankListNameWith422() throws Exception {
        send("POST", "/api/lists", "application/json", "{\"name\":\"Customers\"}", true);
        HttpResponse<String> duplicate = send("POST", "/api/lists", "application/json", "{\"name\":\"customers\"}", true);
        assertThat(duplicate.statusCode()).isEqualTo(422);
        assertThat(json(duplicate).get("error").asText()).contains("already exists");
        assertThat(send("POST", "/api/lists", "application/json", "{}", true).statusCode()).isEqualTo(422);
    }

    @Test
    void importsCsvBodyIntoListAndReportsRejectedLines() throws Exception {
        long id = json(send("POST", "/api/lists", "application/json", "{\"name\":\"Fair\"}", true)).get("id").asLong();
        String csv = "email;first_name;region\nana@example.com;Ana;North\nnot-an-address;Bo;\n";

        HttpResponse<String> response = send("POST", "/api/lists/" + id + "/import", "text/csv; charset=utf-8", csv, true);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json(response);
        assertThat(result.get("imported").asLong()).isEqualTo(1);
        assertThat(result.get("updated").asLong()).isZero();
        assertThat(result.get("rejected_total").asLong()).isEqualTo(1);
        assertThat(result.get("rejected").get(0).get("line").asLong()).isEqualTo(3);
        assertThat(result.get("rejected").get(0).get("reason").asText()).contains("not-an-address");
        assertThat(json(send("GET", "/api/lists/" + id, null, null, true)).get("members").asLong()).isEqualTo(1);
    }

    @Test
    void streamsALargeChunkedUpload() throws Exception {
        long id = json(send("POST", "/api/lists", "application/json", "{\"name\":\"Big\"}", true)).get("id").asLong();
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append("c").append(i).append("@example.com\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));

        HttpResponse<String> response = http.send(request("/api/lists/" + id + "/import", true)
                .header("Content-Type", "text/csv").POST(chunked).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("imported").asLong()).isEqualTo(20_000);
    }

    @Test
    void findsContactByEmailOr404() throws Exception {
        long id = json(send("POST", "/api/lists", "application/json", "{\"name\":\"L\"}", true)).get("id").asLong();
        send("POST", "/api/lists/" + id + "/import", "text/csv", "email,first_name,tier\nAna@Example.com,Ana,gold\n", true);

        HttpResponse<String> found = send("GET", "/api/contacts?email=" + URLEncoder.encode("ana@example.com", StandardCharsets.UTF_8), null, null, true);
        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode ana = json(found);
        assertThat(ana.get("email").asText()).isEqualTo("Ana@Example.com");
        assertThat(ana.get("first_name").asText()).isEqualTo("Ana");
        assertThat(ana.get("last_name").isNull()).isTrue();
        assertThat(ana.get("attributes").get("tier").asText()).isEqualTo("gold");
        assertThat(ana.get("status").asText()).isEqualTo("active");

        assertThat(send("GET", "/api/contacts?email=nobody%40example.com", null, null, true).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/contacts", null, null, true).statusCode()).isEqualTo(400);
    }

    @Test
    void answers401WithoutToken() throws Exception {
        assertThat(send("POST", "/api/lists", "application/json", "{\"name\":\"x\"}", false).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/lists", null, null, false).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/lists/1/import", "text/csv", "email\na@example.com\n", false).statusCode()).isEqualTo(401);
        assertThat(new Audience(DB.jdbi()).lists()).isEmpty();
    }

    @Test
    void refusesImportThatIsNotCsvWith415() throws Exception {
        long id = json(send("POST", "/api/lists", "application/json", "{\"name\":\"L\"}", true)).get("id").asLong();
        HttpResponse<String> form = send("POST", "/api/lists/" + id + "/import", "application/x-www-form-urlencoded", "email\na@example.com\n", true);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(json(form).get("error").asText()).contains("Content-Type: text/csv");
        assertThat(send("POST", "/api/lists/" + id + "/import", "text/csv; charset=iso-8859-1", "email\n", true).statusCode()).isEqualTo(415);
    }

    @Test
    void answersImportIntoUnknownListWith404AndBadIdWith400() throws Exception {
        assertThat(send("POST", "/api/lists/77/import", "text/csv", "email\na@example.com\n", true).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/lists/77", null, null, true).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/lists/abc", null, null, true).statusCode()).isEqualTo(400);
    }

    @Test
    void refusesCsvWithoutEmailColumnWith422() throws Exception {
        long id = json(send("POST", "/api/lists", "application/json", "{\"name\":\"L\"}", true)).get("id").asLong();
        HttpResponse<String> response = send("POST", "/api/lists/" + id + "/import", "text/csv", "name\nAna\n", true);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("error").asText()).contains("no e-mail column");
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, boolean authorized)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path, authorized)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, boolean authorized) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (authorized) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return b;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }
}
