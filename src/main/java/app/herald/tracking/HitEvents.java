package app.herald.tracking;

import app.herald.store.Queries;
import app.herald.tracelog.LogEvent;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import app.herald.tracelog.TrackingLog;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens, clicks and unsubscribes in the message tracking log: AGENTINFO events from source AGENT
 * in the MSGTRK file, with the hitter's address in client-ip and the details in custom-data
 * ({@code S:Event=Click;S:Url=...;S:UserAgent=...}), so Exchange readers parse them like any agent's
 * data. Opens and clicks are logged once their batch is in the database, so the log holds the
 * same hits as tracking_event.
 */
final class HitEvents {
    private static final Logger LOG = LoggerFactory.getLogger(HitEvents.class);
    private static final Queries SQL = Queries.of(HitEvents.class);

    private record Message(long id, String email, boolean test, long campaignId, UUID networkMessageId, String messageIdHeader,
                           String fromEmail, String url) {
    }

    private final Jdbi jdbi;
    private final TrackingLog log;

    HitEvents(Jdbi jdbi, TrackingLog log) {
        this.jdbi = jdbi;
        this.log = log;
    }

    /**
     * Logs a written batch. The message details come from one query; if it fails, the hits are
     * logged with their message number only. Never throws: the batch is in the database already.
     */
    void written(List<Hit> hits) {
        if (!log.enabled() || hits.isEmpty()) {
            return;
        }
        try {
            log(hits);
        } catch (RuntimeException e) {
            LOG.error("tracking log: cannot log a batch of {} hits", hits.size(), e);
        }
    }

    private void log(List<Hit> hits) {
        Map<Integer, Message> byPosition;
        try {
            byPosition = lookUp(hits);
        } catch (RuntimeException e) {
            LOG.warn("tracking log: cannot look up the messages of {} hits ({}); they are logged without recipient details",
                    hits.size(), HitRecorder.cause(e));
            byPosition = null;
        }
        for (int i = 0; i < hits.size(); i++) {
            Hit hit = hits.get(i);
            Message m = byPosition == null ? null : byPosition.get(i + 1);
            if (byPosition != null && m == null) {
                continue; // the message was deleted: the database kept no event either
            }
            String event = hit.kind() == Hit.Kind.OPEN ? "Open" : "Click";
            log.record(agentInfo(hit.messageId(), m, hit.at(), hit.ip(), event, m == null ? null : m.url(), hit.userAgent()));
        }
    }

    /** Logs an unsubscribe that has just been committed. */
    void unsubscribed(long messageId, Instant at, String ip, String userAgent) {
        if (!log.enabled()) {
            return;
        }
        Message m;
        try {
            m = lookUp(List.of(Hit.open(messageId, at, ip, userAgent))).get(1);
        } catch (RuntimeException e) {
            LOG.warn("tracking log: cannot look up message {} of an unsubscribe ({}); it is logged without recipient details",
                    messageId, HitRecorder.cause(e));
            m = null;
        }
        try {
            log.record(agentInfo(messageId, m, at, ip, "Unsubscribe", null, userAgent));
        } catch (RuntimeException e) {
            LOG.error("tracking log: cannot log the unsubscribe of message {}", messageId, e);
        }
    }

    private static LogEvent agentInfo(long messageId, Message m, Instant at, String ip, String event, String url, String userAgent) {
        LogEvent.Builder b = LogEvent.builder(Prefix.MSGTRK, at, Source.AGENT, EventId.AGENTINFO).client(ip, null)
                .directionality("Originating").custom("Event", event).custom("Url", url).custom("UserAgent", userAgent);
        if (m == null) {
            return b.message(messageId, null, null).build();
        }
        return b.message(m.id(), m.messageIdHeader(), m.networkMessageId()).recipient(m.email())
                .sender(m.fromEmail(), m.fromEmail()).custom("CampaignId", m.campaignId()).custom("Kind", m.test() ? "Test" : null)
                .build();
    }

    private Map<Integer, Message> lookUp(List<Hit> hits) {
        Map<Integer, Message> byPosition = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery(SQL.get("messages"))
                .bindArray("message_ids", Long.class, hits.stream().map(Hit::messageId).toList())
                .bindArray("link_idxs", Integer.class, hits.stream().map(Hit::storedLinkIdx).toList())
                .map((rs, ctx) -> Map.entry(rs.getInt("n"), new Message(rs.getLong("id"), rs.getString("email"),
                        "test".equals(rs.getString("kind")), rs.getLong("campaign_id"), rs.getObject("network_message_id", UUID.class),
                        rs.getString("message_id_header"), rs.getString("from_email"), rs.getString("url"))))
                .forEach(e -> byPosition.put(e.getKey(), e.getValue())));
        return byPosition;
    }
}
