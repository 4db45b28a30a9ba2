package app.herald.report;

import app.herald.InvalidInputException;
import app.herald.NotFoundException;
import app.herald.report.CampaignReport.LinkReport;
import app.herald.store.Queries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Campaign and recipient reports. Every number comes from counters the sender and the tracking
 * writer keep, or from queries along an index of one campaign or one message; nothing here scans
 * the events of the whole database.
 */
public final class Reports {
    /** Most events a recipient report lists; the counters still count them all. */
    public static final int MAX_EVENTS = 1_000;
    /** Largest page of {@link #recipients}. */
    public static final int MAX_PAGE = 1_000;

    private static final Queries SQL = Queries.of(Reports.class);

    private final Jdbi jdbi;

    public Reports(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @throws NotFoundException when the campaign does not exist */
    public CampaignReport campaignReport(long campaignId) {
        return jdbi.withHandle(h -> {
            List<LinkReport> links = h.createQuery(SQL.get("links")).bind("campaign_id", campaignId)
                    .map((rs, ctx) -> new LinkReport(rs.getInt("idx"), rs.getString("url"), rs.getLong("clicks"), rs.getLong("unique_clicks")))
                    .list();
            VerdictNumbers verdicts = VerdictNumbers.read(h, SQL, campaignId);
            return h.createQuery(SQL.get("campaign")).bind("campaign_id", campaignId)
                    .map((rs, ctx) -> campaignReport(rs, links, verdicts))
                    .findOne()
                    .orElseThrow(() -> new NotFoundException("campaign", campaignId));
        });
    }

    /**
     * The campaign's message to this address (case-insensitive), or a test send to it when the
     * campaign has no such recipient.
     *
     * @throws NotFoundException when the campaign sent nothing to the address
     */
    public RecipientReport recipient(long campaignId, String email) {
        return jdbi.withHandle(h -> {
            requireCampaign(h, campaignId);
            RecipientReport found = h.createQuery(SQL.get("find-recipient"))
                    .bind("campaign_id", campaignId)
                    .bind("email", email)
                    .map((rs, ctx) -> recipient(rs, List.of()))
                    .findOne()
                    .orElseThrow(() -> new NotFoundException("campaign " + campaignId + " recipient", email));
            List<RecipientReport.Event> events = h.createQuery(SQL.get("recipient-events"))
                    .bind("message_id", found.messageId())
                    .bind("limit", MAX_EVENTS)
                    .map((rs, ctx) -> new RecipientReport.Event(rs.getString("kind"), instant(rs, "occurred_at"),
                            rs.getString("url"), rs.getString("ip"), rs.getString("user_agent"), rs.getString("verdict"),
                            rs.getString("machine_kind"), VerdictNumbers.evidence(rs.getString("evidence"))))
                    .list();
            return recipient(found, events);
        });
    }

    /**
     * A page of the campaign's recipients ordered by address.
     *
     * @throws NotFoundException when the campaign does not exist
     * @throws InvalidInputException for a negative offset or a limit outside 1..{@value #MAX_PAGE}
     */
    public List<RecipientRow> recipients(long campaignId, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("recipient page offset=" + offset + " limit=" + limit
                    + " is out of range: offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
        return jdbi.withHandle(h -> {
            requireCampaign(h, campaignId);
            return h.createQuery(SQL.get("recipients"))
                    .bind("campaign_id", campaignId)
                    .bind("offset", offset)
                    .bind("limit", limit)
                    .map((rs, ctx) -> new RecipientRow(rs.getLong("id"), rs.getString("email"), rs.getString("status"),
                            instant(rs, "sent_at"), rs.getInt("opens"), instant(rs, "first_open_at"),
                            instant(rs, "last_open_at"), rs.getInt("clicks"), instant(rs, "last_click_at")))
                    .list();
        });
    }

    /**
     * Opens and clicks over time. The bucket follows the span of the activity, so that a chart has
     * between a handful and a few hundred points: minutes while first and last hit are at most
     * 6 hours apart, hours up to 14 days, days beyond.
     *
     * @throws NotFoundException when the campaign does not exist
     */
    public Timeline timeline(long campaignId) {
        return jdbi.withHandle(h -> {
            requireCampaign(h, campaignId);
            return TimelineQuery.run(h, SQL, campaignId);
        });
    }

    private static void requireCampaign(Handle h, long campaignId) {
        if (!h.createQuery(SQL.get("campaign-exists")).bind("campaign_id", campaignId).mapTo(Boolean.class).one()) {
            throw new NotFoundException("campaign", campaignId);
        }
    }

    private static CampaignReport campaignReport(ResultSet rs, List<LinkReport> links, VerdictNumbers verdicts) throws SQLException {
        long sent = rs.getLong("sent");
        return new CampaignReport(rs.getLong("id"), rs.getString("name"), rs.getString("status"),
                rs.getLong("recipients"), sent, rs.getLong("failed"),
                rs.getLong("unique_opens"), rs.getLong("opens"), rate(rs.getLong("unique_opens"), sent),
                rs.getLong("unique_clicks"), rs.getLong("clicks"), rate(rs.getLong("unique_clicks"), sent),
                rs.getLong("unsubscribes"), links, VerdictNumbers.human(rs, sent), verdicts.machine(rs), verdicts.clients(),
                rs.getBoolean("anonymous"));
    }

    private static RecipientReport recipient(ResultSet rs, List<RecipientReport.Event> events) throws SQLException {
        return new RecipientReport(rs.getLong("id"), rs.getString("email"), rs.getString("kind"), rs.getString("status"),
                rs.getString("smtp_reply"), instant(rs, "sent_at"),
                instant(rs, "first_open_at"), instant(rs, "last_open_at"), rs.getInt("opens"),
                instant(rs, "first_click_at"), instant(rs, "last_click_at"), rs.getInt("clicks"), events,
                instant(rs, "read_confirmed_at"), rs.getInt("human_opens"), instant(rs, "first_human_open_at"),
                rs.getInt("human_clicks"), instant(rs, "first_human_click_at"), rs.getString("tracking_consent"));
    }

    private static RecipientReport recipient(RecipientReport r, List<RecipientReport.Event> events) {
        return new RecipientReport(r.messageId(), r.email(), r.kind(), r.status(), r.smtpReply(), r.sentAt(),
                r.firstOpenAt(), r.lastOpenAt(), r.opens(), r.firstClickAt(), r.lastClickAt(), r.clicks(), events,
                r.readConfirmedAt(), r.humanOpens(), r.firstHumanOpenAt(), r.humanClicks(), r.firstHumanClickAt(),
                r.trackingConsent());
    }

    static double rate(long count, long sent) {
        return sent == 0 ? 0 : Math.round(count * 10_000.0 / sent) / 10_000.0;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
