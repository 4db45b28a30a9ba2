package app.herald.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;

/** Requires {@code Authorization: Bearer TOKEN} on every /api/ request; the user is kept on the context. */
public final class ApiAuth implements Routes {
    private static final String USER = "herald.user";

    private final Users users;

    public ApiAuth(Users users) {
        this.users = users;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.before("/api/*", this::authenticate);
    }

    private void authenticate(Context ctx) {
        if (ctx.path().equals("/api/openapi.yaml")) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse("missing bearer token: send 'Authorization: Bearer TOKEN' (the admin token is printed at first start or set with HERALD_ADMIN_TOKEN)");
        }
        Users.User user = users.findByToken(header.substring(7).trim())
                .orElseThrow(() -> new UnauthorizedResponse("unknown or revoked API token"));
        ctx.attribute(USER, user);
    }

    public static Users.User user(Context ctx) {
        Users.User u = ctx.attribute(USER);
        if (u == null) {
            throw new UnauthorizedResponse("not authenticated");
        }
        return u;
    }
}
