package app.herald.tracking;

import io.javalin.http.ServiceUnavailableResponse;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET|HEAD /t/o/TOKEN.gif} and {@code GET /t/c/TOKEN} directly on Jetty, in front of
 * Javalin, with the same responses as {@link TrackingEndpoints}' routes; every other request (and
 * any odd form of these paths, such as percent-encoded ones) goes on to Javalin unchanged.
 */
final class TrackingHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingHandler.class);
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, TrackingEndpoints.NO_CACHE);
    private static final HttpField GIF = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "image/gif");
    private static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    private static final HttpField PIXEL_LENGTH = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, TrackingEndpoints.PIXEL.length);
    private static final byte[] NOT_FOUND = "Not found".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNAVAILABLE = TrackingEndpoints.UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] FAILED = "internal error; see the server log".getBytes(StandardCharsets.UTF_8);

    private final TrackingEndpoints endpoints;

    TrackingHandler(TrackingEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
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
        return super.handle(request, response, callback);
    }

    private void open(Request request, Response response, Callback callback, String token) {
        try {
            if (!endpoints.recordOpen(token, Hit.Method.of(request.getMethod()), ip(request), request.getHeaders().get(HttpHeader.USER_AGENT))) {
                text(response, callback, 404, NOT_FOUND);
                return;
            }
        } catch (ServiceUnavailableResponse e) {
            text(response, callback, 503, UNAVAILABLE);
            return;
        } catch (RuntimeException e) {
            failed(request, response, callback, e);
            return;
        }
        response.setStatus(200);
        HttpFields.Mutable headers = response.getHeaders();
        headers.add(NO_CACHE);
        headers.add(GIF);
        headers.add(PIXEL_LENGTH);
        response.write(true, ByteBuffer.wrap(TrackingEndpoints.PIXEL).asReadOnlyBuffer(), callback);
    }

    private void click(Request request, Response response, Callback callback, String token) {
        Optional<String> location;
        try {
            location = endpoints.recordClick(token, Hit.Method.of(request.getMethod()), ip(request), request.getHeaders().get(HttpHeader.USER_AGENT));
        } catch (ServiceUnavailableResponse e) {
            text(response, callback, 503, UNAVAILABLE);
            return;
        } catch (RuntimeException e) {
            failed(request, response, callback, e);
            return;
        }
        if (location.isEmpty()) {
            text(response, callback, 404, NOT_FOUND);
            return;
        }
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, location.get());
        response.getHeaders().add(NO_CACHE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    private String ip(Request request) {
        return endpoints.clients().resolve(Request.getRemoteAddr(request), name -> request.getHeaders().getValuesList(name));
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
