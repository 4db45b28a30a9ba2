package app.herald.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /}: the campaigns with their main counters. */
final class DashboardPage {
    private static final int SHOWN = 200;

    private final Ui ui;
    private final CampaignSummaries campaigns;

    DashboardPage(Ui ui, CampaignSummaries campaigns) {
        this.ui = ui;
        this.campaigns = campaigns;
    }

    void addTo(RoutesConfig routes) {
        routes.get("/", ui.page(this::show));
    }

    private void show(Context ctx, Page page) {
        ui.render(ctx, "dashboard.jte", page, Map.of(
                "campaigns", campaigns.latest(SHOWN),
                "apiBase", ctx.scheme() + "://" + ctx.host()));
    }
}
