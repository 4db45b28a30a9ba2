package app.herald.web;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;

/** A group of HTTP endpoints that one feature contributes; {@link WebServer} adds each group at start. */
public interface Routes {
    void addTo(RoutesConfig routes);

    /** Server settings the group needs beyond routes, such as static files; called before {@link #addTo}. */
    default void configure(JavalinConfig config) {
    }
}
