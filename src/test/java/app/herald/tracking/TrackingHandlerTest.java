package app.herald.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import app.herald.store.TestDatabase;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Jetty handler that answers pixel and click requests before Javalin, and what it leaves to Javalin. */
@Tag("storage")
class TrackingHandlerTest {
    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private CampaignFixture fx;
    private TrackingServer server;
    private long message;

    @BeforeEach
    void start() {
        fx = new CampaignFixture(DB.jdbi());
        server = new TrackingServer(DB.jdbi());
        long campaign = fx.campaign("Spring");
        fx.link(campaign, 0, "https://shop.example.com/");
        message = fx.sentMessage(campaign, "ann@example.com");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void takesOnlyPlainTokenSegments() {
        assertThat(TrackingHandler.token("/t/o/abc-_.gif", "/t/o/", ".gif")).isEqualTo("abc-_");
        assertThat(TrackingHandler.token("/t/c/abc", "/t/c/", "")).isEqualTo("abc");
        assertThat(TrackingHandler.token("/t/o/.gif", "/t/o/", ".gif")).isNull();
        assertThat(TrackingHandler.token("/t/o/a/b.gif", "/t/o/", ".gif")).isNull();
        assertThat(TrackingHandler.token("/t/o/a%41.gif", "/t/o/", ".gif")).isNull();
        assertThat(TrackingHandler.token("/t/c/", "/t/c/", "")).isNull();
        assertThat(TrackingHandler.token("/api/t/c/x", "/t/c/", "")).isNull();
    }

    @Test
    void answersAHeadRequestForThePixelWithHeadersOnly() {
        HttpResponse<byte[]> r = server.head(server.urls.openPixel(message));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).hasValue("43");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void leavesPercentEncodedAndOtherMethodsToJavalinWhichRecordsNothingEither() {
        String pixel = server.urls.openPixel(message);
        String encoded = pixel.substring(0, pixel.lastIndexOf('/') + 1) + "%7E" + pixel.substring(pixel.lastIndexOf('/') + 2);

        assertThat(server.get(encoded).statusCode()).isEqualTo(404);
        assertThat(server.post(pixel, "text/plain", "x").statusCode()).isIn(404, 405);
        assertThat(server.post(server.urls.click(message, 0), "text/plain", "x").statusCode()).isIn(404, 405);
        server.flush();

        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isZero();
    }

    @Test
    void answersUnknownClicksWith404AndNoRedirect() {
        HttpResponse<byte[]> r = server.get(server.urls.click(message, 7));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store, no-cache, must-revalidate, private");
        assertThat(new String(r.body())).isEqualTo("Not found");
    }

    @Test
    void answersManyConcurrentHitsEachOnceItIsInTheJournalAndStoresEveryOne() {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<Void>>> answers = IntStream.range(0, 200)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create(
                        i % 2 == 0 ? server.urls.openPixel(message) : server.urls.click(message, 0))).build(),
                        HttpResponse.BodyHandlers.discarding()))
                .toList();

        assertThat(answers).extracting(a -> a.join().statusCode()).containsOnly(200, 302).hasSize(200);
        server.flush();
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE kind = 'open'")).isEqualTo(100);
        assertThat(fx.count("SELECT count(*) FROM tracking_event WHERE kind = 'click'")).isEqualTo(100);
    }

    @Test
    void answersPipelinedHitsOnOneConnectionInOrderAndStoresEveryOne() throws Exception {
        URI pixel = URI.create(server.urls.openPixel(message));
        URI click = URI.create(server.urls.click(message, 0));
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            URI u = i % 2 == 0 ? pixel : click;
            requests.append("GET ").append(u.getRawPath()).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .append(i == 19 ? "Connection: close\r\n" : "").append("\r\n");
        }
        String answers;
        try (Socket socket = new Socket("127.0.0.1", pixel.getPort())) {
            socket.setSoTimeout(10_000);
            // all in one write: after each answer Jetty must go on with the requests already read
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertThat(Pattern.compile("HTTP/1\\.1 (\\d{3}) ").matcher(answers).results().map(m -> m.group(1)))
                .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> i % 2 == 0 ? "200" : "302").toList());
        server.flush();
        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isEqualTo(20);
    }

    @Test
    void answers503AndCountsNothingWhenTheJournalCannotTakeTheHit() {
        server.hits.close(); // the journal is closed, as while Herald shuts down

        HttpResponse<byte[]> pixel = server.get(server.urls.openPixel(message));
        HttpResponse<byte[]> click = server.get(server.urls.click(message, 0));

        assertThat(pixel.statusCode()).isEqualTo(503);
        assertThat(new String(pixel.body())).isEqualTo(TrackingEndpoints.UNAVAILABLE);
        assertThat(click.statusCode()).isEqualTo(503);
        assertThat(click.headers().firstValue("Location")).isEmpty();
        assertThat(fx.count("SELECT count(*) FROM tracking_event")).isZero();
    }
}
