package app.herald.tracking;

import app.herald.config.IpStorage;
import app.herald.store.Queries;
import app.herald.tracelog.LogEvent;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import app.herald.tracelog.TrackingLog;
import java.time.Instant;
import java.util.ArrayList;
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

    /** What the log needs of a message; none of it changes once the message is sent, so it is cached. */
    private record Message(long id, String email, boolean test, long campaignId, UUID networkMessageId, String messageIdHeader,
                           String fromEmail) {
    }

    private record LinkKey(long campaignId, int idx) {
    }

    private record Row(int position, Message message, String url) {
    }

    private record Found(Map<Long, Message> messages, Map<LinkKey, String> urls) {
    }

    private static final int CACHE_SIZE = 100_000;

    private final Jdbi jdbi;
    private final TrackingLog log;
    // a popular message is opened again and again: only the first of its hits asks the database
    private final BoundedCache<Long, Message> messages = new BoundedCache<>(CACHE_SIZE);
    private final BoundedCache<LinkKey, String> urls = new BoundedCache<>(CACHE_SIZE);

    private final IpStorage ipStorage;

    HitEvents(Jdbi jdbi, TrackingLog log, IpStorage ipStorage) {
        this.jdbi = jdbi;
        this.log = log;
        this.ipStorage = ipStorage;
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
        Found found;
        try {
            found = lookUp(hits);
        } catch (RuntimeException e) {
            LOG.warn("tracking log: cannot look up the messages of {} hits ({}); they are logged without recipient details",
                    hits.size(), HitRecorder.cause(e));
            found = null;
        }
        for (Hit hit : hits) {
            Message m = found == null ? null : found.messages().get(hit.messageId());
            if (m == null && found != null) {
                continue; // the message was deleted: the database kept no event either
            }
            String event = hit.kind() == Hit.Kind.OPEN ? "Open" : "Click";
            String url = m == null || hit.kind() == Hit.Kind.OPEN ? null : found.urls().get(new LinkKey(m.campaignId(), hit.linkIdx()));
            log.record(agentInfo(hit.messageId(), m, hit.at(), ipStorage.reduce(hit.ip()), event, url, hit.userAgent()));
        }
    }

    /** Logs an unsubscribe that has just been committed. */
    void unsubscribed(long messageId, Instant at, String ip, String userAgent) {
        if (!log.enabled()) {
            return;
        }
        Message m;
        try {
            m = lookUp(List.of(Hit.open(messageId, at, ip, userAgent))).messages().get(messageId);
        } catch (RuntimeException e) {
            LOG.warn("tracking log: cannot look up message {} of an unsubscribe ({}); it is logged without recipient details",
                    messageId, HitRecorder.cause(e));
            m = null;
        }
        try {
            log.record(agentInfo(messageId, m, at, ipStorage.reduce(ip), "Unsubscribe", null, userAgent));
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

    /** The messages and clicked links of these hits: from the caches, the rest with one query (which fills the caches). */
    private Found lookUp(List<Hit> hits) {
        Found found = new Found(new HashMap<>(), new HashMap<>());
        List<Hit> missing = new ArrayList<>();
        for (Hit h : hits) {
            Message m = messages.get(h.messageId());
            String url = m == null || h.kind() == Hit.Kind.OPEN ? null : urls.get(new LinkKey(m.campaignId(), h.linkIdx()));
            if (m == null || h.kind() == Hit.Kind.CLICK && url == null) {
                missing.add(h);
                continue;
            }
            found.messages().put(m.id(), m);
            if (url != null) {
                found.urls().put(new LinkKey(m.campaignId(), h.linkIdx()), url);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        List<Row> rows = jdbi.withHandle(h -> h.createQuery(SQL.get("messages"))
                .bind("message_ids", SqlArrays.int8(missing, Hit::messageId))
                .bind("link_idxs", SqlArrays.int4(missing, Hit::storedLinkIdx))
                .map((rs, ctx) -> new Row(rs.getInt("n") - 1, new Message(rs.getLong("id"), rs.getString("email"),
                        "test".equals(rs.getString("kind")), rs.getLong("campaign_id"), rs.getObject("network_message_id", UUID.class),
                        rs.getString("message_id_header"), rs.getString("from_email")), rs.getString("url")))
                .list());
        for (Row r : rows) {
            Message m = r.message();
            found.messages().put(m.id(), m);
            // a message not yet recorded as sent has no Message-ID in its row: ask again next time
            if (m.messageIdHeader() != null) {
                messages.put(m.id(), m);
            }
            Hit hit = missing.get(r.position());
            if (hit.kind() == Hit.Kind.CLICK && r.url() != null) {
                LinkKey key = new LinkKey(m.campaignId(), hit.linkIdx());
                found.urls().put(key, r.url());
                urls.put(key, r.url());
            }
        }
        return found;
    }
}
