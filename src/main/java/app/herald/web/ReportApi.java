package app.herald.web;

import app.herald.report.CampaignReport;
import app.herald.report.RecipientRow;
import app.herald.report.Reports;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.List;

/** Campaign reports over the API: numbers, one recipient or a page of them, and the timeline. */
public final class ReportApi implements Routes {
    private static final int DEFAULT_PAGE = 100;

    /**
     * The report document, with exactly the names the API promises: the totals count every hit;
     * {@code human} and {@code machine} split them by verdict; {@code clients} breaks human opens down;
     * {@code anonymous} says the unique counts are not measured (the campaign keeps no per-person record).
     */
    public record ReportJson(long recipients, long sent, long failed, long uniqueOpens, long opens, double openRate,
                             long uniqueClicks, long clicks, double clickRate, long unsubscribes,
                             CampaignReport.Human human, CampaignReport.Machine machine, List<CampaignReport.ClientOpens> clients,
                             List<LinkJson> links, boolean anonymous) {
        public static ReportJson of(CampaignReport r) {
            return new ReportJson(r.recipients(), r.sent(), r.failed(), r.uniqueOpens(), r.opens(), r.openRate(),
                    r.uniqueClicks(), r.clicks(), r.clickRate(), r.unsubscribes(), r.human(), r.machine(), r.clients(),
                    r.links().stream().map(l -> new LinkJson(l.url(), l.clicks(), l.uniqueClicks())).toList(), r.anonymous());
        }
    }

    public record LinkJson(String url, long clicks, long uniqueClicks) {
    }

    record RecipientPage(int offset, int limit, List<RecipientRow> recipients) {
    }

    private final Reports reports;

    public ReportApi(Reports reports) {
        this.reports = reports;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/campaigns/{id}/report", ctx -> ctx.json(ReportJson.of(reports.campaignReport(id(ctx)))));
        routes.get("/api/campaigns/{id}/recipients", this::recipients);
        routes.get("/api/campaigns/{id}/timeline", ctx -> ctx.json(reports.timeline(id(ctx))));
    }

    private void recipients(Context ctx) {
        long id = id(ctx);
        String email = ctx.queryParam("email");
        if (email != null) {
            ctx.json(reports.recipient(id, email.strip()));
            return;
        }
        int offset = intParam(ctx, "offset", 0);
        int limit = intParam(ctx, "limit", DEFAULT_PAGE);
        ctx.json(new RecipientPage(offset, limit, reports.recipients(id, offset, limit)));
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("campaign id must be a number, got '" + raw + "'");
        }
    }

    private static int intParam(Context ctx, String name, int absent) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("query parameter '" + name + "' must be a whole number, got '" + raw + "'");
        }
    }
}
