package app.herald.web;

import app.herald.HeraldException;
import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: API, tracking endpoints and admin UI. Status codes for Herald's exceptions are
 * decided here and only here.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    public static WebServer start(String host, int port, List<Routes> groups) {
        Javalin app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            config.concurrency.useVirtualThreads = true;
            config.jetty.threadPool = threadPool();
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = 64L * 1024 * 1024;
            config.routes.exception(NotFoundException.class, (e, ctx) -> error(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
            config.routes.exception(InvalidInputException.class, (e, ctx) -> error(ctx, HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage()));
            config.routes.exception(JsonProcessingException.class, (e, ctx) ->
                    error(ctx, HttpStatus.BAD_REQUEST, "request body is not valid JSON for this endpoint: " + e.getOriginalMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage()));
            config.routes.exception(HeraldException.class, (e, ctx) -> {
                LOG.error("request {} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
                error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                // the contact routes carry an address in the path; the log must not gain it
                LOG.error("request {} {} failed unexpectedly", ctx.method(), ctx.path().replaceAll("[^/]*@[^/]*", "{email}"), e);
                error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log");
            });
            for (Routes group : groups) {
                group.configure(config);
                group.addTo(config.routes);
            }
        });
        app.start();
        LOG.info("HTTP server listening on {}:{}", host, app.port());
        return new WebServer(app);
    }

    /**
     * Jetty's own work (selecting, parsing, the tracking endpoints, which never block) on a small pool of
     * platform threads, and request handling that may block (Javalin) on virtual threads. Javalin's
     * default pool starts a virtual thread, through reflection, for every piece of Jetty's work, which
     * cost the tracking endpoints more than their own work.
     */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new HttpThreads(200, 4);
        pool.setName("herald-http");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herald-http-v", 0).factory()));
        return pool;
    }

    private static void error(io.javalin.http.Context ctx, HttpStatus status, String message) {
        ctx.status(status);
        if (ctx.path().startsWith("/api/")) {
            ctx.json(Map.of("error", message == null ? status.getMessage() : message));
        } else {
            ctx.contentType("text/plain; charset=utf-8").result(message == null ? status.getMessage() : message);
        }
    }

    /** Reads and validates a JSON body into a record; a malformed body is a 400 naming the problem. */
    public static <T> T body(io.javalin.http.Context ctx, Class<T> type) {
        try {
            return Json.MAPPER.readValue(ctx.bodyAsBytes(), type);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("request body is not valid JSON for this endpoint: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("cannot read request body: " + e.getMessage());
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
