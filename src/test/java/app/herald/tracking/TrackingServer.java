package app.herald.tracking;

import app.herald.config.IpStorage;
import app.herald.store.TestDatabase;
import app.herald.tracelog.TrackingLog;
import app.herald.web.Routes;
import app.herald.web.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * A real HTTP server on a free port with the tracking endpoints (plus any other routes), its hit
 * recorder (durable, as Herald runs it: a hit journal in a temporary data directory), and a client
 * that never follows redirects.
 */
public final class TrackingServer implements AutoCloseable {
    public static final TrackingTokens TOKENS = new TrackingTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    public final HitRecorder hits;
    public final TrackingUrls urls;
    private final WebServer web;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public TrackingServer(Jdbi jdbi, Routes... more) {
        this(jdbi, ClientAddress.DIRECT, more);
    }

    public TrackingServer(Jdbi jdbi, ClientAddress clients, Routes... more) {
        this(jdbi, clients, 0, more);
    }

    /** With a rate limit of {@code hitsPerMinute} per address and token (0 for none). */
    public TrackingServer(Jdbi jdbi, ClientAddress clients, int hitsPerMinute, Routes... more) {
        this.hits = HitRecorder.durable(jdbi, TrackingLog.disabled(), IpStorage.FULL, TestDatabase.tempDir("herald-tracking"), HitRecorder.JOURNAL_LIMIT);
        List<Routes> routes = new ArrayList<>(List.of(more));
        routes.add(new TrackingEndpoints(jdbi, TOKENS, hits, clients, hitsPerMinute));
        this.web = WebServer.start("127.0.0.1", 0, routes);
        this.urls = new TrackingUrls(URI.create(base()), TOKENS);
    }

    public String base() {
        return "http://127.0.0.1:" + web.port();
    }

    public HttpResponse<byte[]> get(String url, String... headers) {
        return send(request(url, headers).GET().build());
    }

    public HttpResponse<byte[]> head(String url) {
        return send(request(url).HEAD().build());
    }

    public HttpResponse<byte[]> post(String url, String contentType, String body, String... headers) {
        return send(request(url, headers).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    /** Waits until every hit answered so far is written. */
    public void flush() {
        try {
            if (!hits.flush(Duration.ofSeconds(30))) {
                throw new IllegalStateException("hits not written within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        web.close();
        hits.close();
    }
}
