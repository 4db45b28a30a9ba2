package app.herald.delivery;

import app.herald.campaign.Campaign;
import app.herald.tracelog.LogEvent;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import app.herald.tracelog.TrackingLog;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the send pipeline writes to the message tracking log, one method per outcome, called where
 * the outcome is known (docs/message-tracking-log.md has the mapping). Events carry the message's
 * Herald id (internal-message-id), Message-ID header and GUID (network-message-id), so each
 * recipient's message can be followed from SUBMIT to its last event.
 */
final class DeliveryEvents {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEvents.class);
    /** Test sends are marked so that admins can tell them from campaign mail. */
    static final String KIND_TEST = "Test";
    private static final String LOCAL_HOST = localHostName();

    private final TrackingLog log;

    DeliveryEvents(TrackingLog log) {
        this.log = log;
    }

    /** SUBMIT of test messages, at once when they are created. */
    void submitted(Campaign c, List<Outgoing> messages) {
        safely("SUBMIT", () -> {
            for (Outgoing m : messages) {
                log.record(message(Prefix.MSGTRKMS, m.queuedAt(), Source.STOREDRIVER, EventId.SUBMIT, m, c)
                        .sourceContext(submitContext(m.queuedAt(), m.test())).recipient(m.email()).recipientCount(1)
                        .subject(c.subject()).build());
            }
        });
    }

    /** The contact stopped being active after the campaign started: no message goes out. */
    void suppressed(Outgoing m, Campaign c, String contactStatus) {
        safely("SUPPRESSED", () -> log.record(message(Prefix.MSGTRK, Instant.now(), Source.ROUTING, EventId.SUPPRESSED, m, c)
                .recipient(m.email(), "not sent: the contact is " + contactStatus).custom("Reason", contactStatus).build()));
    }

    /** The message could not be rendered or built for its recipient. */
    void submitFailed(Outgoing m, Campaign c, String reason) {
        safely("SUBMITFAIL", () -> log.record(message(Prefix.MSGTRKMS, Instant.now(), Source.STOREDRIVER, EventId.SUBMITFAIL, m, c)
                .recipient(m.email(), "not sent: " + reason).recipientCount(1).subject(c.subject()).build()));
    }

    /** The campaign was deleted while its message waited: FAIL, decided before any SMTP. */
    void campaignMissing(Outgoing m) {
        safely("FAIL", () -> log.record(LogEvent.builder(Prefix.MSGTRK, Instant.now(), Source.ROUTING, EventId.FAIL)
                .message(m.id(), null, m.networkMessageId())
                .recipient(m.email(), "not sent: campaign " + m.campaignId() + " no longer exists")
                .custom("CampaignId", m.campaignId()).custom("Kind", m.test() ? KIND_TEST : null).build()));
    }

    /**
     * The relay's answer: SEND when it accepted the message; DEFER for a temporary failure (4xx, no
     * connection) that will be tried again; FAIL for a permanent (5xx) refusal, or for the last
     * temporary failure once the retry schedule is used up (the sender turns it into a failure).
     * {@code relay} is the relay that gave the answer, named in connector-id and server-ip/hostname;
     * none when every relay was out and no SMTP happened.
     */
    void attempted(Outgoing m, Campaign c, String subject, long messageBytes, SendOutcome outcome, Optional<Relay> relay) {
        if (!log.enabled()) {
            return;
        }
        Instant now = Instant.now();
        safely(outcome.getClass().getSimpleName(), () -> {
            Long bytes = messageBytes < 0 ? null : messageBytes;
            switch (outcome) {
                case SendOutcome.Sent s -> log.record(smtp(EventId.SEND, now, m, c, subject, bytes, s.reply(), relay));
                case SendOutcome.Deferred d -> log.record(smtp(EventId.DEFER, now, m, c, subject, bytes, d.reply(), relay));
                case SendOutcome.Failed f -> log.record(smtp(EventId.FAIL, now, m, c, subject, bytes, f.reply(), relay));
                case SendOutcome.Rejected r -> log.record(smtp(EventId.FAIL, now, m, c, subject, bytes, r.reply(), relay));
                case SendOutcome.Throttled t -> throttled(m, c, subject, t.reply());
            }
        });
    }

    /**
     * A sending limit held the message back before any SMTP: THROTTLE from the QUEUE, as Exchange logs
     * a message its queue holds back; recipient-status says which limit (docs/message-tracking-log.md).
     */
    void throttled(Outgoing m, Campaign c, String subject, String reason) {
        safely("THROTTLE", () -> log.record(message(Prefix.MSGTRK, Instant.now(), Source.QUEUE, EventId.THROTTLE, m, c)
                .recipient(m.email(), "throttled: " + reason).recipientCount(1).subject(subject)
                .messageInfo(m.queuedAt()).build()));
    }

    /**
     * The send has happened whatever the log says: a bug here must not fail the batch, or its
     * messages would be queued again and sent twice.
     */
    private static void safely(String what, Runnable logging) {
        try {
            logging.run();
        } catch (RuntimeException e) {
            LOG.error("cannot write a {} event to the message tracking log", what, e);
        }
    }

    private LogEvent smtp(EventId id, Instant now, Outgoing m, Campaign c, String subject, Long bytes, String reply,
                          Optional<Relay> relay) {
        LogEvent.Builder b = message(Prefix.MSGTRK, now, Source.SMTP, id, m, c).client(null, LOCAL_HOST);
        relay.ifPresent(r -> b.server(r.ip(), r.host()).connectorId(r.connectorId()));
        return b.recipient(m.email(), reply).totalBytes(bytes).recipientCount(1).subject(subject)
                .messageInfo(m.queuedAt()).build();
    }

    /** The fields every event about one message has. */
    static LogEvent.Builder message(Prefix prefix, Instant at, Source source, EventId id, Outgoing m, Campaign c) {
        return LogEvent.builder(prefix, at, source, id)
                .message(m.id(), MimeMessages.messageIdHeader(m, c), m.networkMessageId())
                .sender(c.fromEmail(), c.fromEmail()).directionality("Originating")
                .custom("CampaignId", c.id()).custom("Kind", m.test() ? KIND_TEST : null);
    }

    /** Exchange's SUBMIT source-context lists the message class, creation time and client type; these are Herald's. */
    static String submitContext(Instant created, boolean test) {
        return "MessageClass:IPM.Note, CreationTime:" + LogEvent.timestamp(created) + ", ClientType:" + (test ? "Test" : "Campaign");
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }
}
