package app.herald.web;

import app.herald.NotFoundException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every admin UI page shares: sign-in check, language, CSRF check on POST, and rendering a
 * precompiled jte template (from src/main/jte) with security headers.
 *
 * <p>A new page is a handler wrapped in {@link #page} (GET) or {@link #form} (POST) that calls
 * {@link #render} with a template name and its parameters; the template declares
 * {@code @param app.herald.web.Page page} and wraps its body in {@code @template.layout(...)}.
 */
final class Ui {
    static final String SESSION_COOKIE = "herald_session";

    /**
     * Mail HTML in the dev inbox is shown in a sandboxed srcdoc frame, which inherits this policy:
     * its images must load from anywhere (the open pixel, product pictures) and its inline styles
     * must apply; no script runs anywhere on a UI page. no-referrer keeps admin URLs from leaking to
     * the image hosts of captured mail.
     */
    private static final String CSP = "default-src 'none'; img-src * data:; style-src 'self' 'unsafe-inline'; "
            + "form-action 'self'; base-uri 'self'; frame-ancestors 'none'";

    @FunctionalInterface
    interface PageHandler {
        void handle(Context ctx, Page page) throws Exception;
    }

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final Sessions sessions;
    private final boolean inboxEnabled;

    Ui(Sessions sessions, boolean inboxEnabled) {
        this.sessions = sessions;
        this.inboxEnabled = inboxEnabled;
    }

    /** A GET page for signed-in users; anyone else is sent to sign in and then back here. */
    Handler page(PageHandler handler) {
        return ctx -> {
            Optional<Page> page = signedIn(ctx);
            if (page.isEmpty()) {
                String back = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
                ctx.redirect("/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
                return;
            }
            try {
                handler.handle(ctx, page.get());
            } catch (NotFoundException e) {
                notFound(ctx, page.get());
            }
        };
    }

    /** The UI's own 404 page, in the visitor's language, instead of the API's one-line answer. */
    void notFound(Context ctx, Page page) {
        ctx.status(HttpStatus.NOT_FOUND);
        render(ctx, "notfound.jte", page, Map.of());
    }

    /** A POST form for signed-in users; the form must carry the session's CSRF token. */
    Handler form(PageHandler handler) {
        return ctx -> {
            Optional<Page> page = signedIn(ctx);
            if (page.isEmpty()) {
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
                return;
            }
            String sent = ctx.formParam(Page.CSRF_FIELD);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    page.get().csrf().getBytes(StandardCharsets.UTF_8))) {
                throw new ForbiddenResponse("this form did not come from your Herald session (missing or stale CSRF token); reload the page and try again");
            }
            handler.handle(ctx, page.get());
        };
    }

    /** The page model for someone not signed in (the sign-in page). */
    Page anonymous(Context ctx) {
        return new Page(I18n.translator(I18n.resolve(ctx)), Optional.empty(), "", false, ctx.path());
    }

    Optional<Sessions.Session> session(Context ctx) {
        String id = ctx.cookie(SESSION_COOKIE);
        return id == null || id.isBlank() ? Optional.empty() : sessions.find(id);
    }

    private Optional<Page> signedIn(Context ctx) {
        return session(ctx).map(s -> new Page(I18n.translator(I18n.resolve(ctx)), Optional.of(s.user()), s.csrf(),
                inboxEnabled, ctx.path()));
    }

    /** Renders {@code template} (a path under src/main/jte) with {@code page} and the other parameters. */
    void render(Context ctx, String template, Page page, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("page", page);
        StringOutput out = new StringOutput();
        templates.render(template, all, out);
        ctx.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .html(out.toString());
    }
}
