package app.herald.tracelog;

import app.herald.tracelog.DeliveryReports.MessageKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a message's records into its delivery report entry: recipients, their paths and statuses. */
final class MessagePaths {
    private MessagePaths() {
    }

    static List<DeliveryReport.Message> build(String who, List<MessageKey> keys, Map<MessageKey, List<LogRecord>> records) {
        List<DeliveryReport.Message> out = new ArrayList<>();
        for (MessageKey k : keys) {
            List<LogRecord> recs = new ArrayList<>(records.getOrDefault(k, List.of()));
            if (recs.isEmpty()) {
                continue; // rotated away between the two passes
            }
            recs.sort(Comparator.comparing(LogRecord::timestamp));
            out.add(message(who, recs));
        }
        return out;
    }

    private static DeliveryReport.Message message(String who, List<LogRecord> recs) {
        boolean sentByWho = recs.stream().anyMatch(r -> IndexKey.normalize(RecordField.SENDER_ADDRESS, r.sender()).equals(who));
        Map<String, String> recipients = new LinkedHashMap<>(); // normalized -> as written first
        for (LogRecord r : recs) {
            for (String a : r.recipients()) {
                String n = IndexKey.normalize(RecordField.RECIPIENT_ADDRESS, a);
                if (sentByWho || n.equals(who)) {
                    recipients.putIfAbsent(n, a);
                }
            }
        }
        List<DeliveryReport.Recipient> rs = new ArrayList<>();
        recipients.forEach((n, written) -> {
            List<DeliveryReport.Event> path = path(n, recs);
            rs.add(new DeliveryReport.Recipient(written, DeliveryStatus.of(path), path));
        });
        return new DeliveryReport.Message(first(recs, RecordField.MESSAGE_ID), first(recs, RecordField.NETWORK_MESSAGE_ID),
                first(recs, RecordField.INTERNAL_MESSAGE_ID), first(recs, RecordField.SENDER_ADDRESS),
                first(recs, RecordField.MESSAGE_SUBJECT), recs.get(0).timestamp(), rs);
    }

    /** The recipient's events: those naming it, and those naming no recipient at all (they concern the whole message). */
    private static List<DeliveryReport.Event> path(String recipient, List<LogRecord> recs) {
        List<DeliveryReport.Event> events = new ArrayList<>();
        for (LogRecord r : recs) {
            List<String> to = r.recipients();
            int at = -1;
            for (int i = 0; i < to.size(); i++) {
                if (IndexKey.normalize(RecordField.RECIPIENT_ADDRESS, to.get(i)).equals(recipient)) {
                    at = i;
                    break;
                }
            }
            if (at < 0 && !to.isEmpty()) {
                continue;
            }
            List<String> statuses = r.recipientStatuses();
            String status = at >= 0 && at < statuses.size() ? statuses.get(at) : statuses.size() == 1 ? statuses.get(0) : "";
            String detail = !r.get(RecordField.CUSTOM_DATA).isBlank() ? r.get(RecordField.CUSTOM_DATA) : r.get(RecordField.SOURCE_CONTEXT);
            events.add(new DeliveryReport.Event(r.timestamp(), r.eventId(), r.source(), status, detail));
        }
        return events;
    }

    private static String first(List<LogRecord> recs, RecordField f) {
        return recs.stream().map(r -> r.get(f)).filter(v -> !v.isBlank()).findFirst().orElse("");
    }
}
