package app.herald.web;

import app.herald.NotFoundException;
import app.herald.devinbox.DevInbox;
import app.herald.devinbox.RenderedMail;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Set;

/** The dev inbox pages: captured messages, and one message as its recipient would see it. */
final class InboxPages {
    private static final int SHOWN = 200;
    private static final Set<String> VIEWS = Set.of("html", "text", "headers", "source");

    private final Ui ui;
    private final DevInbox inbox;

    InboxPages(Ui ui, DevInbox inbox) {
        this.ui = ui;
        this.inbox = inbox;
    }

    void addTo(RoutesConfig routes) {
        routes.get("/inbox", ui.page(this::list));
        routes.get("/inbox/{id}", ui.page(this::show));
        routes.post("/inbox/clear", ui.form(this::clear));
    }

    private void list(Context ctx, Page page) {
        ui.render(ctx, "inbox/list.jte", page, Map.of("messages", inbox.latest(SHOWN), "smtpPort", String.valueOf(inbox.port())));
    }

    private void show(Context ctx, Page page) {
        RenderedMail mail = inbox.render(id(ctx));
        String view = ctx.queryParam("view");
        if (view == null || !VIEWS.contains(view)) {
            view = mail.html().isPresent() ? "html" : "text";
        }
        ui.render(ctx, "inbox/message.jte", page, Map.of(
                "mail", mail,
                "view", view,
                "srcdoc", mail.html().map(MailFrame::srcdocAttribute).orElse("")));
    }

    private void clear(Context ctx, Page page) {
        inbox.clear();
        ctx.redirect("/inbox", HttpStatus.SEE_OTHER);
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new NotFoundException("dev inbox message", raw);
        }
    }
}
