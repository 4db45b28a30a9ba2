package app.herald.delivery;

import app.herald.HeraldException;
import app.herald.campaign.Recipient;
import app.herald.store.Queries;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The send queue shared by every node: one narrow row per message not sent yet (message_queue),
 * leased with {@code FOR UPDATE SKIP LOCKED} (lease owner and expiry); results are recorded in the
 * message together with the campaign counters, which takes the row out of the queue, and leases of
 * a node that died are taken back when they expire.
 */
final class MessageQueue {
    private static final Queries SQL = Queries.of(MessageQueue.class);
    /** The "record" statement with JDBC's positional parameters: the five arrays, then the node, as they appear in it. */
    private static final String RECORD = SQL.get("record").replace(":node", "?").replace(":ids", "?")
            .replace(":statuses", "?").replace(":replies", "?").replace(":message_ids", "?").replace(":retry_seconds", "?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {
    };

    /** This process, as lease owner: host name and pid. */
    static final String NODE = hostName() + ":" + ProcessHandle.current().pid();

    private final Jdbi jdbi;
    private final Duration lease;

    MessageQueue(Jdbi jdbi, Duration lease) {
        this.jdbi = jdbi;
        this.lease = lease;
    }

    /** Leases up to {@code limit} queued messages, oldest campaign first, with their recipients' data. */
    List<Outgoing> claim(int limit) {
        return claim(limit, 0, 0);
    }

    /**
     * Leases up to {@code limit} queued messages that come after (campaign, id) in queue order, in that
     * order. A hint only: rows before it that are queued again (released, reclaimed) are found by a
     * claim from the start, {@code claim(limit)}.
     */
    List<Outgoing> claim(int limit, long afterCampaign, long afterId) {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("claim")).bind("node", NODE).bind("lease_seconds", lease.toSeconds())
                .bind("after_campaign", afterCampaign).bind("after_id", afterId)
                .bind("limit", limit).map(MessageQueue::map).list());
    }

    /** Inserts test messages already leased by this node, so that they are sent at once and never by another node. */
    List<Outgoing> insertTests(long campaignId, List<String> emails) {
        return jdbi.inTransaction(h -> {
            List<Long> ids = h.createQuery(SQL.get("insert-tests")).bind("campaign_id", campaignId).bind("node", NODE)
                    .bind("lease_seconds", lease.toSeconds()).bindArray("emails", String.class, emails)
                    .mapTo(Long.class).list();
            return h.createQuery(SQL.get("leased")).bindArray("ids", Long.class, ids).map(MessageQueue::map).list();
        });
    }

    /**
     * What a write of results did: how many rows were still this node's, and the campaigns whose
     * counters now say that every recipient queued so far has a final result.
     */
    record Recorded(int rows, List<Long> settledCampaigns) {
        static final Recorded NOTHING = new Recorded(0, List.of());
    }

    /**
     * Records results and adds them to the campaign counters in one transaction.
     * A deferred message is queued again, due after its {@link Attempt#retryIn()}, and not counted; a
     * throttled one too, and its try is given back (it never reached a relay).
     */
    Recorded record(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return Recorded.NOTHING;
        }
        int n = attempts.size();
        Long[] ids = new Long[n];
        String[] statuses = new String[n];
        String[] replies = new String[n];
        String[] messageIds = new String[n];
        Long[] retrySeconds = new Long[n];
        for (int i = 0; i < n; i++) {
            Attempt a = attempts.get(i);
            ids[i] = a.message().id();
            statuses[i] = switch (a.outcome()) {
                case SendOutcome.Sent s -> "sent";
                case SendOutcome.Deferred d -> "queued";
                case SendOutcome.Failed f -> "failed";
                case SendOutcome.Rejected r -> "failed";
                case SendOutcome.Throttled t -> "throttled";
            };
            // rounded up: a throttled message must not come back before its limit frees a slot
            retrySeconds[i] = (a.retryIn().toMillis() + 999) / 1000;
            replies[i] = a.outcome().reply();
            messageIds[i] = a.messageIdHeader().orElse(null);
        }
        // Plain JDBC: this runs for every few messages sent, and Jdbi's binding of five arrays (type
        // resolution by reflection per argument) cost more CPU than the rest of the writer.
        return jdbi.withHandle(h -> {
            Connection c = h.getConnection();
            try (PreparedStatement st = c.prepareStatement(RECORD)) {
                st.setArray(1, c.createArrayOf("bigint", ids));
                st.setArray(2, c.createArrayOf("text", statuses));
                st.setArray(3, c.createArrayOf("text", replies));
                st.setArray(4, c.createArrayOf("text", messageIds));
                st.setArray(5, c.createArrayOf("bigint", retrySeconds));
                st.setString(6, NODE);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return new Recorded(rs.getInt("recorded"), List.of((Long[]) rs.getArray("settled").getArray()));
                }
            } catch (SQLException e) {
                throw new HeraldException("cannot record " + n + " send results: " + e.getMessage(), e);
            }
        });
    }

    /** Gives unsent leased messages back to the queue (on shutdown, or when no connection was free). */
    void release(List<Outgoing> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<Long> ids = messages.stream().map(Outgoing::id).toList();
        jdbi.useHandle(h -> h.createUpdate(SQL.get("release")).bind("node", NODE).bindArray("ids", Long.class, ids).execute());
    }

    /** Extends this node's leases of the given messages by a full lease from now; returns the ids it extended. */
    List<Long> renew(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery(SQL.get("renew")).bind("node", NODE).bind("lease_seconds", lease.toSeconds())
                .bindArray("ids", Long.class, ids).mapTo(Long.class).list());
    }

    /** Puts the messages that lease owner {@code owner} holds back in the queue; returns how many. */
    int takeBack(String owner) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("take-back")).bind("owner", owner).execute());
    }

    /** Puts messages whose lease expired (their node died or hung) back in the queue; returns how many. */
    int reclaimExpired() {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("reclaim-expired")).execute());
    }

    /** Marks sending campaigns with nothing left to send as sent; returns their ids. */
    List<Long> finishCampaigns() {
        return jdbi.withHandle(h -> h.createQuery(SQL.get("finish-campaigns")).mapTo(Long.class).list());
    }

    /** Marks one campaign sent if nothing of it is left to send; returns whether it did. */
    boolean finishCampaign(long campaignId) {
        return jdbi.withHandle(h -> h.createUpdate(SQL.get("finish-campaign")).bind("id", campaignId).execute()) == 1;
    }

    private static Outgoing map(ResultSet rs, StatementContext ctx) throws SQLException {
        Recipient recipient = new Recipient(rs.getString("email"), text(rs, "first_name"), text(rs, "last_name"),
                text(rs, "company"), text(rs, "country"), text(rs, "language"), text(rs, "timezone"),
                attributes(rs.getString("attributes")));
        return new Outgoing(rs.getLong("id"), rs.getLong("campaign_id"), "test".equals(rs.getString("kind")),
                rs.getObject("network_message_id", UUID.class), Optional.ofNullable(rs.getString("contact_status")),
                rs.getBoolean("suppressed"), recipient, rs.getTimestamp("queued_at").toInstant(), rs.getInt("attempts"),
                Optional.ofNullable(rs.getString("tracking_consent")).map("on"::equals));
    }

    private static Optional<String> text(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column)).filter(s -> !s.isBlank());
    }

    static Map<String, Object> attributes(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, Object> map = JSON.readValue(json, ATTRIBUTES);
            return map == null ? Map.of() : map;
        } catch (JsonProcessingException e) {
            throw new HeraldException("contact attributes are not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }
}
