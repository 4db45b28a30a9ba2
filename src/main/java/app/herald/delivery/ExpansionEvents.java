package app.herald.delivery;

import app.herald.store.Queries;
import app.herald.tracelog.LogEvent;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import app.herald.tracelog.TrackingLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracking log's account of a campaign start, read back chunk by chunk from what each chunk of
 * the {@link Expansion} committed: per
 * target list EXPAND events (ROUTING, the list in related-recipient-address, at most
 * {@value #EXPAND_CHUNK} recipients each so lines stay short), one SUBMIT per message (MSGTRKMS,
 * STOREDRIVER), DUPLICATEEXPAND for a contact already reached through an earlier list, and
 * SUPPRESSED for a member who got no message because of their status. The rows come through a
 * database cursor, so a million members are never in memory at once.
 */
final class ExpansionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ExpansionEvents.class);
    private static final Queries SQL = Queries.of(ExpansionEvents.class);
    static final int EXPAND_CHUNK = 100;
    private static final int FETCH = 10_000;

    private record Member(long campaignId, String subject, String fromEmail, long listId, String listName, String email,
                          String contactStatus, Long messageId, UUID networkMessageId, Instant queuedAt, boolean duplicate) {
    }

    private final Jdbi jdbi;
    private final TrackingLog log;

    ExpansionEvents(Jdbi jdbi, TrackingLog log) {
        this.jdbi = jdbi;
        this.log = log;
    }

    /**
     * Logs a chunk of a campaign's expansion that has just been committed: the members after contact
     * {@code after} up to {@code upto}. Never throws (the messages are queued either way).
     */
    void expanded(long campaignId, long after, long upto) {
        if (!log.enabled()) {
            return;
        }
        try {
            // a cursor needs a transaction; the data is committed and no longer changes
            jdbi.useTransaction(h -> {
                Chunk chunk = new Chunk();
                h.createQuery(SQL.get("expansion")).bind("id", campaignId).bind("after", after).bind("upto", upto).setFetchSize(FETCH).map(ExpansionEvents::read)
                        .forEach(m -> member(m, chunk));
                chunk.flush();
            });
        } catch (RuntimeException e) {
            LOG.error("campaign {}: the messages of contacts {} to {} are queued, but their list expansion could not be written "
                    + "to the message tracking log: {}", campaignId, after + 1, upto, e.getMessage(), e);
        }
    }

    private void member(Member m, Chunk chunk) {
        if (m.messageId() != null && !m.duplicate()) {
            chunk.add(m);
            log.record(perMessage(Prefix.MSGTRKMS, Source.STOREDRIVER, EventId.SUBMIT, m)
                    .sourceContext(DeliveryEvents.submitContext(m.queuedAt(), false)).recipient(m.email()).recipientCount(1)
                    .build());
        } else if (m.messageId() != null) {
            log.record(perMessage(Prefix.MSGTRK, Source.ROUTING, EventId.DUPLICATEEXPAND, m).recipient(m.email())
                    .relatedRecipientAddress(m.listName()).custom("ListId", m.listId()).build());
        } else if (!m.duplicate() && !m.contactStatus().equals("active")) {
            log.record(campaign(EventId.SUPPRESSED, m).recipient(m.email(), "not sent: the contact is " + m.contactStatus())
                    .relatedRecipientAddress(m.listName()).custom("ListId", m.listId()).custom("Reason", m.contactStatus())
                    .build());
        }
        // an active member without a message joined the list after the start: not part of this campaign
    }

    /** EXPAND lines of the list being read, {@value #EXPAND_CHUNK} recipients at a time. */
    private final class Chunk {
        private final List<String> recipients = new ArrayList<>(EXPAND_CHUNK);
        private Member first;

        void add(Member m) {
            if (first != null && first.listId() != m.listId()) {
                flush();
            }
            if (first == null) {
                first = m;
            }
            recipients.add(m.email());
            if (recipients.size() == EXPAND_CHUNK) {
                flush();
            }
        }

        void flush() {
            if (first != null) {
                log.record(campaign(EventId.EXPAND, first).recipients(recipients).recipientCount(recipients.size())
                        .relatedRecipientAddress(first.listName()).custom("ListId", first.listId()).build());
            }
            recipients.clear();
            first = null;
        }
    }

    private static LogEvent.Builder campaign(EventId id, Member m) {
        return LogEvent.builder(Prefix.MSGTRK, m.queuedAt(), Source.ROUTING, id).subject(m.subject())
                .sender(m.fromEmail(), m.fromEmail()).directionality("Originating").custom("CampaignId", m.campaignId());
    }

    private static LogEvent.Builder perMessage(Prefix prefix, Source source, EventId id, Member m) {
        // the same domain rule as Campaign.fromDomain, which the Message-ID header is made with
        String domain = m.fromEmail().substring(m.fromEmail().lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
        return LogEvent.builder(prefix, m.queuedAt(), source, id)
                .message(m.messageId(), MimeMessages.messageIdHeader(m.networkMessageId(), domain), m.networkMessageId())
                .subject(m.subject()).sender(m.fromEmail(), m.fromEmail()).directionality("Originating")
                .custom("CampaignId", m.campaignId());
    }

    private static Member read(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new Member(rs.getLong("campaign_id"), rs.getString("subject"), rs.getString("from_email"),
                rs.getLong("list_id"), rs.getString("list_name"), rs.getString("email"), rs.getString("contact_status"),
                (Long) rs.getObject("message_id", Long.class), rs.getObject("network_message_id", UUID.class),
                rs.getTimestamp("started_at").toInstant(), rs.getBoolean("duplicate"));
    }
}
