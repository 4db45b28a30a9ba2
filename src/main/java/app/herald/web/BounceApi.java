package app.herald.web;

import app.herald.bounce.Bounce;
import app.herald.bounce.Bounces;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Received bounces, complaints and read receipts, for an admin; {@code ?unmatched=true} shows those no message matched. */
public final class BounceApi implements Routes {
    private static final int DEFAULT_PAGE = 100;

    private final Bounces bounces;

    public BounceApi(Bounces bounces) {
        this.bounces = bounces;
    }

    record BounceView(long id, Instant receivedAt, String source, String format, String recipient, String status,
                      String action, String diagnostic, String remoteMta, String classification, String outcome,
                      String error, Long messageId, Long contactId, Long campaignId, int rawSize) {
        static BounceView of(Bounce b) {
            return new BounceView(b.id(), b.receivedAt(), b.source(), b.format(), b.recipient().orElse(null),
                    b.status().orElse(null), b.action().orElse(null), b.diagnostic().orElse(null), b.remoteMta().orElse(null),
                    b.classification(), b.outcome(), b.error().orElse(null), b.messageId().orElse(null),
                    b.contactId().orElse(null), b.campaignId().orElse(null), b.rawSize());
        }
    }

    record BouncePage(boolean unmatched, int offset, int limit, List<BounceView> bounces) {
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/bounces", this::list);
        routes.get("/api/bounces/{id}", ctx -> ctx.json(BounceView.of(bounces.get(id(ctx)))));
        routes.get("/api/bounces/{id}/raw", ctx -> ctx.contentType("message/rfc822").result(bounces.raw(id(ctx))));
    }

    private void list(Context ctx) {
        boolean unmatched = flag(ctx, "unmatched");
        int offset = Params.integer(ctx, "offset", 0);
        int limit = Params.integer(ctx, "limit", DEFAULT_PAGE);
        ctx.json(new BouncePage(unmatched, offset, limit,
                bounces.list(unmatched, offset, limit).stream().map(BounceView::of).toList()));
    }

    private static boolean flag(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return false;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new BadRequestResponse("query parameter '" + name + "' must be true or false, got '" + raw + "'");
        };
    }

    private static long id(Context ctx) {
        return Params.id(ctx, "bounce");
    }
}
