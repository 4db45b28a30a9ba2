package app.herald.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in to the admin UI with an API token (a form, or {@code /login?token=...} for the
 * one-click URL that {@code herald demo} prints) and signing out.
 */
final class LoginPages {
    private final Ui ui;
    private final Users users;
    private final Sessions sessions;

    LoginPages(Ui ui, Users users, Sessions sessions) {
        this.ui = ui;
        this.users = users;
        this.sessions = sessions;
    }

    void addTo(RoutesConfig routes) {
        routes.get("/login", this::show);
        routes.post("/login", ctx -> signIn(ctx, ctx.formParam("token"), ctx.formParam("next")));
        routes.post("/logout", ui.form(this::signOut));
    }

    private void show(Context ctx) {
        String token = ctx.queryParam("token");
        if (token != null) {
            signIn(ctx, token, ctx.queryParam("next"));
        } else if (ui.session(ctx).isPresent()) {
            ctx.redirect(safeNext(ctx.queryParam("next")));
        } else {
            form(ctx, HttpStatus.OK, false, ctx.queryParam("next"));
        }
    }

    private void signIn(Context ctx, String token, String next) {
        Optional<Users.User> user = token == null || token.isBlank() ? Optional.empty() : users.findByToken(token.trim());
        if (user.isEmpty()) {
            form(ctx, HttpStatus.UNAUTHORIZED, true, next);
            return;
        }
        Sessions.Opened session = sessions.open(user.get());
        // No Max-Age: the cookie ends with the browser; the server ends the session after Sessions.LIFETIME.
        ctx.cookie(new Cookie(Ui.SESSION_COOKIE, session.id(), "/", -1, "https".equals(ctx.scheme()), true, null, SameSite.LAX));
        ctx.redirect(safeNext(next), HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx, Page page) {
        String id = ctx.cookie(Ui.SESSION_COOKIE);
        if (id != null) {
            sessions.close(id);
        }
        ctx.removeCookie(Ui.SESSION_COOKIE, "/");
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void form(Context ctx, HttpStatus status, boolean failed, String next) {
        ctx.status(status);
        ui.render(ctx, "login.jte", ui.anonymous(ctx), Map.of("failed", failed, "next", safeNext(next)));
    }

    /** Only a path on this server: never another host, so the sign-in page cannot be used as an open redirect. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return next;
    }
}
