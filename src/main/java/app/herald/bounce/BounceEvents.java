package app.herald.bounce;

import app.herald.bounce.BounceStore.Row;
import app.herald.tracelog.LogEvent;
import app.herald.tracelog.LogEvent.EventId;
import app.herald.tracelog.LogEvent.Source;
import app.herald.tracelog.LogLayout.Prefix;
import app.herald.tracelog.TrackingLog;
import java.time.Instant;

/**
 * Writes each received report about a message Herald sent to the message tracking log as a DSN
 * event (source DSN), so an admin following a recipient sees the asynchronous bounce, complaint
 * or read receipt after the SEND. Unmatched reports name no message and are not logged here;
 * they wait in the bounce list for an admin.
 */
final class BounceEvents {
    private final TrackingLog log;

    BounceEvents(TrackingLog log) {
        this.log = log;
    }

    void received(Row row) {
        if (!log.enabled() || row.message().isEmpty()) {
            return;
        }
        BounceStore.SentMessage m = row.message().get();
        String status = String.join(" ", row.status().orElse(""), row.diagnostic().orElse("")).strip();
        log.record(LogEvent.builder(Prefix.MSGTRK, Instant.now(), Source.DSN, EventId.DSN)
                .message(m.id(), m.messageIdHeader(), null)
                .recipient(row.recipient().orElse(m.email()), status)
                .reference(m.messageIdHeader())
                .custom("CampaignId", m.campaignId())
                .custom("Format", row.format())
                .custom("Classification", row.classification())
                .custom("Outcome", row.outcome())
                .build());
    }
}
