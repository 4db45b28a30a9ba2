package app.herald.web;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI description of the API at /api/openapi.yaml (no token needed to read it). */
public final class ApiDocs implements Routes {
    private final byte[] spec;

    public ApiDocs() {
        try (InputStream in = ApiDocs.class.getResourceAsStream("openapi.yaml")) {
            spec = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/openapi.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(spec));
    }
}
