package app.herald.web;

import app.herald.campaign.Campaign;
import app.herald.campaign.CampaignDraft;
import app.herald.campaign.CampaignTracking;
import app.herald.campaign.Campaigns;
import app.herald.delivery.Delivery;
import app.herald.delivery.MessageRecord;
import app.herald.delivery.SendProgress;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The campaign endpoints: create, read, edit a draft, test-send, send and follow the sending. */
public final class CampaignApi implements Routes {
    private final Campaigns campaigns;
    private final Delivery delivery;

    public CampaignApi(Campaigns campaigns, Delivery delivery) {
        this.campaigns = campaigns;
        this.delivery = delivery;
    }

    /** The JSON body of POST and PUT; missing fields are reported by {@link CampaignDraft}. */
    record CampaignRequest(String name, String subject, String fromName, String fromEmail, String replyTo, String html,
                           String text, List<Long> listIds, Boolean requestReadReceipt, Boolean trackOpens,
                           Boolean trackClicks, Boolean anonymous) {
        /** Opens and clicks are tracked unless switched off; anonymous only when asked for. */
        CampaignDraft toDraft() {
            return new CampaignDraft(name, subject, fromName, fromEmail, Optional.ofNullable(replyTo), html,
                    Optional.ofNullable(text), listIds, Boolean.TRUE.equals(requestReadReceipt),
                    new CampaignTracking(!Boolean.FALSE.equals(trackOpens), !Boolean.FALSE.equals(trackClicks),
                            Boolean.TRUE.equals(anonymous)));
        }
    }

    record CampaignView(long id, String name, String status, String subject, String fromName, String fromEmail,
                        String replyTo, String html, String text, List<Long> listIds, Instant createdAt, Instant updatedAt,
                        Instant startedAt, Instant finishedAt, boolean requestReadReceipt, boolean trackOpens,
                        boolean trackClicks, boolean anonymous) {
        static CampaignView of(Campaign c) {
            return new CampaignView(c.id(), c.name(), c.status().dbName(), c.subject(), c.fromName(), c.fromEmail(),
                    c.replyTo().orElse(null), c.html(), c.text().orElse(null), c.listIds(), c.createdAt(), c.updatedAt(),
                    c.startedAt().orElse(null), c.finishedAt().orElse(null), c.requestReadReceipt(),
                    c.tracking().opens(), c.tracking().clicks(), c.tracking().anonymous());
        }
    }

    record TestRequest(List<String> emails) {
    }

    record TestResult(long id, String email, String status, String smtpReply) {
        static TestResult of(MessageRecord m) {
            return new TestResult(m.id(), m.email(), m.status().name().toLowerCase(Locale.ROOT), m.smtpReply().orElse(null));
        }
    }

    /**
     * GET /api/campaigns/{id}/progress; eta_seconds is null while nothing moves or the audience is still
     * being queued (0 once the campaign is not sending).
     */
    record ProgressView(long campaignId, String status, boolean queueing, long recipients, long sent, long failed, long deferred,
                        long queued, double messagesPerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt) {
        static ProgressView of(SendProgress p) {
            return new ProgressView(p.campaignId(), p.status(), p.queueing(), p.recipients(), p.sent(), p.failed(), p.deferred(), p.queued(),
                    Math.round(p.messagesPerSecond() * 10) / 10.0, p.eta().map(java.time.Duration::toSeconds).orElse(null),
                    p.startedAt().orElse(null), p.finishedAt().orElse(null));
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/api/campaigns", this::create);
        routes.get("/api/campaigns", ctx -> ctx.json(Map.of("campaigns", campaigns.list().stream().map(CampaignView::of).toList())));
        routes.get("/api/campaigns/{id}", ctx -> ctx.json(CampaignView.of(campaigns.get(id(ctx)))));
        routes.get("/api/campaigns/{id}/progress", ctx -> ctx.json(ProgressView.of(delivery.progress(id(ctx)))));
        routes.put("/api/campaigns/{id}", this::update);
        routes.post("/api/campaigns/{id}/test", this::test);
        routes.post("/api/campaigns/{id}/send", this::send);
    }

    private void create(Context ctx) {
        long id = campaigns.create(WebServer.body(ctx, CampaignRequest.class).toDraft(), Optional.of(ApiAuth.user(ctx).id()));
        ctx.status(HttpStatus.CREATED).json(Map.of("id", id));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        campaigns.update(id, WebServer.body(ctx, CampaignRequest.class).toDraft());
        ctx.json(CampaignView.of(campaigns.get(id)));
    }

    private void test(Context ctx) {
        long id = id(ctx);
        List<Long> ids = delivery.testSend(id, WebServer.body(ctx, TestRequest.class).emails());
        ctx.json(Map.of("messages", delivery.messages(ids).stream().map(TestResult::of).toList()));
    }

    private void send(Context ctx) {
        delivery.send(id(ctx));
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("status", "sending"));
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("campaign id must be a number, not '" + raw + "'");
        }
    }
}
