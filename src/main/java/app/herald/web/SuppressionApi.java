package app.herald.web;

import app.herald.InvalidInputException;
import app.herald.audience.Audience;
import app.herald.audience.Suppression;
import app.herald.audience.SuppressionSource;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The suppression list: addresses and domains Herald never mails. Entries added here have source "manual". */
public final class SuppressionApi implements Routes {
    private static final int DEFAULT_PAGE = 100;

    private final Audience audience;

    public SuppressionApi(Audience audience) {
        this.audience = audience;
    }

    /** Exactly one of address and domain. */
    record NewSuppression(String address, String domain, String reason) {
        String entry() {
            boolean hasAddress = address != null && !address.isBlank();
            boolean hasDomain = domain != null && !domain.isBlank();
            if (hasAddress == hasDomain) {
                throw new InvalidInputException("give either \"address\" (ana@example.com) or \"domain\" (example.com), "
                        + (hasAddress ? "not both" : "one is required"));
            }
            if (hasAddress && !address.contains("@")) {
                throw new InvalidInputException("address '" + address + "' has no @; to suppress a whole domain use \"domain\"");
            }
            if (hasDomain && domain.strip().lastIndexOf('@') > 0) {
                throw new InvalidInputException("domain '" + domain + "' is an address; use \"address\" for one address");
            }
            return hasAddress ? address : domain;
        }
    }

    record SuppressionView(long id, String address, String domain, String reason, String source, Instant createdAt) {
        static SuppressionView of(Suppression s) {
            return new SuppressionView(s.id(), s.address().orElse(null), s.domain().orElse(null), s.reason(),
                    s.source().dbName(), s.createdAt());
        }
    }

    record SuppressionPage(int offset, int limit, List<SuppressionView> suppressions) {
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/suppressions", this::list);
        routes.post("/api/suppressions", this::add);
        routes.get("/api/suppressions/{id}", ctx -> ctx.json(SuppressionView.of(audience.getSuppression(Params.id(ctx, "suppression")))));
        routes.delete("/api/suppressions/{id}", ctx -> ctx.json(SuppressionView.of(audience.removeSuppression(Params.id(ctx, "suppression")))));
    }

    private void list(Context ctx) {
        int offset = Params.integer(ctx, "offset", 0);
        int limit = Params.integer(ctx, "limit", DEFAULT_PAGE);
        ctx.json(new SuppressionPage(offset, limit, audience.suppressions(Optional.ofNullable(ctx.queryParam("search")), offset, limit)
                .stream().map(SuppressionView::of).toList()));
    }

    /** 201 with the new entry; 200 with the existing one when the address or domain was already suppressed. */
    private void add(Context ctx) {
        NewSuppression body = WebServer.body(ctx, NewSuppression.class);
        Suppression.Added added = audience.suppress(body.entry(), body.reason(), SuppressionSource.MANUAL);
        ctx.status(added.isNew() ? HttpStatus.CREATED : HttpStatus.OK).json(SuppressionView.of(added.suppression()));
    }
}
