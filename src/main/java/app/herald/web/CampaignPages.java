package app.herald.web;

import app.herald.NotFoundException;
import app.herald.delivery.SendProgress;
import app.herald.report.CampaignReport;
import app.herald.report.RecipientReport;
import app.herald.report.Reports;
import app.herald.report.Timeline;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A campaign's report page ({@code GET /campaigns/{id}}: numbers, chart, links, recipients a page
 * at a time with {@code ?offset=}, and while it sends how far it is) and one recipient's page ({@code GET /campaigns/{id}/recipient?email=}).
 */
final class CampaignPages {
    static final int PAGE_SIZE = 50;
    /** While a campaign is sending its numbers move; the page reloads itself (the UI runs no script). */
    static final int REFRESH_SECONDS = 5;

    private final Ui ui;
    private final Reports reports;
    private final CampaignSummaries campaigns;
    private final LongFunction<SendProgress> progress;

    CampaignPages(Ui ui, Reports reports, CampaignSummaries campaigns, LongFunction<SendProgress> progress) {
        this.ui = ui;
        this.reports = reports;
        this.campaigns = campaigns;
        this.progress = progress;
    }

    void addTo(RoutesConfig routes) {
        routes.get("/campaigns/{id}", ui.page(this::report));
        routes.get("/campaigns/{id}/recipient", ui.page(this::recipient));
    }

    private void report(Context ctx, Page page) {
        long id = id(ctx);
        CampaignHeader campaign = header(id);
        CampaignReport report = reports.campaignReport(id);
        Timeline timeline = reports.timeline(id);
        int offset = offset(ctx);
        RecipientsPage recipients = RecipientsPage.of(reports.recipients(id, offset, PAGE_SIZE + 1), offset, PAGE_SIZE);
        boolean sending = "sending".equals(report.status());
        Map<String, Object> params = new HashMap<>(Map.of(
                "campaign", campaign,
                "report", report,
                "chart", TimelineChart.svg(timeline, chartLabels(page, timeline)),
                "recipients", recipients,
                "refreshSeconds", sending ? REFRESH_SECONDS : 0));
        params.put("progress", sending ? progress.apply(id) : null); // Map.of takes no null
        ui.render(ctx, "campaign/report.jte", page, params);
    }

    private void recipient(Context ctx, Page page) {
        long id = id(ctx);
        String email = ctx.queryParam("email");
        if (email == null || email.isBlank()) {
            throw new NotFoundException("campaign " + id + " recipient", "(no address given)");
        }
        CampaignHeader campaign = header(id);
        RecipientReport recipient = reports.recipient(id, email.strip());
        ui.render(ctx, "campaign/recipient.jte", page, Map.of(
                "campaign", campaign,
                "recipient", recipient,
                "truncated", recipient.events().size() >= Reports.MAX_EVENTS));
    }

    private CampaignHeader header(long id) {
        return campaigns.findHeader(id).orElseThrow(() -> new NotFoundException("campaign", id));
    }

    private static TimelineChart.Labels chartLabels(Page page, Timeline timeline) {
        return new TimelineChart.Labels(page.t("campaign.chart.title"), page.t("campaign.opens"), page.t("campaign.clicks"),
                page.tOr("campaign.chart.scale.", timeline.bucket()), page.t("campaign.chart.empty"));
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new NotFoundException("campaign", raw);
        }
    }

    /** Only links the page itself made are expected; anything else shows the first page rather than an error. */
    private static int offset(Context ctx) {
        String raw = ctx.queryParam("offset");
        if (raw == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(raw.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
