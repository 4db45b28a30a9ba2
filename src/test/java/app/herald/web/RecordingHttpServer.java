package app.herald.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny real HTTP server on loopback that counts the requests each path gets, standing in for the
 * hosts that a captured mail's images and links point at. {@code *.gif} paths answer a 1x1 GIF
 * (except those named {@code missing*}, which are 404 so that an {@code onerror} would fire);
 * paths registered with {@link #page} answer that HTML; anything else answers 200 "ok".
 */
final class RecordingHttpServer implements AutoCloseable {
    private static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    private final HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    RecordingHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            int status = 200;
            String type = "text/plain";
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            if (pages.containsKey(path)) {
                type = "text/html; charset=utf-8";
                body = pages.get(path).getBytes(StandardCharsets.UTF_8);
            } else if (path.endsWith(".gif") && path.contains("/missing")) {
                status = 404;
            } else if (path.endsWith(".gif")) {
                type = "image/gif";
                body = GIF;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void page(String path, String html) {
        pages.put(path, html);
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Waits until {@code path} was requested at least once; false if it was not within the timeout. */
    boolean awaitHit(String path, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (hits(path) > 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return hits(path) > 0;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
