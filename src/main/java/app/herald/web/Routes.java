package app.herald.web;

import io.javalin.config.RoutesConfig;

/** A group of HTTP endpoints that one feature contributes; {@link WebServer} adds each group at start. */
public interface Routes {
    void addTo(RoutesConfig routes);
}
