package app.herald.tracking;

import app.herald.web.HttpThreads;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET|HEAD /t/o/TOKEN.gif} and {@code GET /t/c/TOKEN} directly on Jetty, in front of
 * Javalin, with the same responses as {@link TrackingEndpoints}' routes; every other request (and
 * any odd form of these paths, such as percent-encoded ones) goes on to Javalin unchanged.
 *
 * <p>The handler is non-blocking, so Jetty runs it on the thread that read the request instead of
 * handing each request to another thread: a tracking request is verified there, its hit left with the
 * journal, and it is answered by the journal's thread once the hit is on disk; no thread waits for
 * the disk. Every other request is handed to Jetty's executor (virtual threads) and goes on to
 * Javalin there, where blocking is fine.
 */
final class TrackingHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingHandler.class);
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, TrackingEndpoints.NO_CACHE);
    private static final HttpField GIF = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "image/gif");
    private static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    private static final HttpField PIXEL_LENGTH = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, TrackingEndpoints.PIXEL.length);
    private static final HttpField NO_CONTENT_LENGTH = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, 0L);
    private static final byte[] NOT_FOUND = "Not found".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNAVAILABLE = TrackingEndpoints.UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] FAILED = "internal error; see the server log".getBytes(StandardCharsets.UTF_8);

    private final TrackingEndpoints endpoints;

    TrackingHandler(TrackingEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        boolean get = "GET".equals(method);
        String token;
        if ((get || "HEAD".equals(method)) && (token = token(path, "/t/o/", ".gif")) != null) {
            open(request, response, callback, token);
            return true;
        }
        if (get && (token = token(path, "/t/c/", "")) != null) {
            click(request, response, callback, token);
            return true;
        }
        VirtualThreads.getExecutor(request.getComponents().getExecutor()).execute(() -> {
            try {
                if (!super.handle(request, response, callback)) {
                    Response.writeError(request, response, callback, 404);
                }
            } catch (Throwable e) {
                Response.writeError(request, response, callback, e);
            }
        });
        return true;
    }

    private void open(Request request, Response response, Callback callback, String token) {
        try {
            Optional<Hit> hit = endpoints.verifiedOpen(token, Hit.Method.of(request.getMethod()), ip(request), userAgent(request));
            if (hit.isEmpty()) {
                text(response, callback, 404, NOT_FOUND);
                return;
            }
            endpoints.record(hit.get(), new Answer(response, callback) {
                @Override
                public void stored() {
                    response.setStatus(200);
                    HttpFields.Mutable headers = response.getHeaders();
                    headers.add(NO_CACHE);
                    headers.add(GIF);
                    headers.add(PIXEL_LENGTH);
                    HttpThreads.runHere(() -> response.write(true, ByteBuffer.wrap(TrackingEndpoints.PIXEL).asReadOnlyBuffer(), callback));
                }
            });
        } catch (TrackingUnavailableException e) {
            unavailable(response, callback, e.getMessage());
        } catch (RuntimeException e) {
            failed(request, response, callback, e);
        }
    }

    private void click(Request request, Response response, Callback callback, String token) {
        try {
            Optional<TrackingEndpoints.Click> click = endpoints.verifiedClick(token, Hit.Method.of(request.getMethod()), ip(request), userAgent(request));
            if (click.isEmpty()) {
                text(response, callback, 404, NOT_FOUND);
                return;
            }
            String location = click.get().location();
            endpoints.record(click.get().hit(), new Answer(response, callback) {
                @Override
                public void stored() {
                    response.setStatus(302);
                    HttpFields.Mutable headers = response.getHeaders();
                    headers.put(HttpHeader.LOCATION, location);
                    headers.add(NO_CACHE);
                    headers.add(NO_CONTENT_LENGTH);
                    HttpThreads.runHere(() -> response.write(true, BufferUtil.EMPTY_BUFFER, callback));
                }
            });
        } catch (TrackingUnavailableException e) {
            unavailable(response, callback, e.getMessage());
        } catch (RuntimeException e) {
            failed(request, response, callback, e);
        }
    }

    /** Answers a request once the journal has its hit: a 503 when the journal could not keep it. */
    private abstract static class Answer implements HitJournal.Acknowledgement {
        private final Response response;
        private final Callback callback;

        Answer(Response response, Callback callback) {
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void refused(String reason) {
            unavailable(response, callback, reason);
        }
    }

    private String ip(Request request) {
        return endpoints.clients().resolve(Request.getRemoteAddr(request), name -> request.getHeaders().getValuesList(name));
    }

    private static String userAgent(Request request) {
        return request.getHeaders().get(HttpHeader.USER_AGENT);
    }

    private static void unavailable(Response response, Callback callback, String reason) {
        TrackingEndpoints.refused(reason);
        text(response, callback, 503, UNAVAILABLE);
    }

    private static void failed(Request request, Response response, Callback callback, RuntimeException e) {
        LOG.error("request {} {} failed unexpectedly", request.getMethod(), request.getHttpURI().getPath(), e);
        text(response, callback, 500, FAILED);
    }

    private static void text(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        response.getHeaders().add(NO_CACHE);
        response.getHeaders().add(TEXT);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body).asReadOnlyBuffer(), callback);
    }

    /** The token in prefix + token + suffix, when it is one plain path segment; else null (Javalin decides). */
    static String token(String path, String prefix, String suffix) {
        if (path == null || !path.startsWith(prefix) || !path.endsWith(suffix) || path.length() <= prefix.length() + suffix.length()) {
            return null;
        }
        String token = path.substring(prefix.length(), path.length() - suffix.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                return null;
            }
        }
        return token;
    }
}
