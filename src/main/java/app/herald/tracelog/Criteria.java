package app.herald.tracelog;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a record must satisfy, in the form the scanner and the index use: per field a set of
 * accepted values (normalized by {@link IndexKey#normalize}), recipients and references matched
 * against each of their ';'-separated parts, a half-open time window in epoch milliseconds and a
 * lower-case subject substring. Every condition present must hold; within a set, any value.
 */
record Criteria(Map<RecordField, Set<String>> equal, Set<String> recipients, Set<String> references,
                long start, long end, Optional<String> subject) {
    Criteria {
        Objects.requireNonNull(equal, "equal");
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(references, "references");
        Objects.requireNonNull(subject, "subject");
        Map<RecordField, Set<String>> copy = new EnumMap<>(RecordField.class);
        equal.forEach((f, values) -> copy.put(f, Set.copyOf(values)));
        equal = Map.copyOf(copy);
        recipients = Set.copyOf(recipients);
        references = Set.copyOf(references);
    }

    static Criteria of(SearchQuery q) {
        Map<RecordField, Set<String>> equal = new EnumMap<>(RecordField.class);
        q.sender().ifPresent(v -> equal.put(RecordField.SENDER_ADDRESS, Set.of(IndexKey.normalize(RecordField.SENDER_ADDRESS, v))));
        q.messageId().ifPresent(v -> equal.put(RecordField.MESSAGE_ID, Set.of(IndexKey.normalize(RecordField.MESSAGE_ID, v))));
        q.internalMessageId().ifPresent(v -> equal.put(RecordField.INTERNAL_MESSAGE_ID, Set.of(IndexKey.normalize(RecordField.INTERNAL_MESSAGE_ID, v))));
        q.networkMessageId().ifPresent(v -> equal.put(RecordField.NETWORK_MESSAGE_ID, Set.of(IndexKey.normalize(RecordField.NETWORK_MESSAGE_ID, v))));
        q.eventId().ifPresent(v -> equal.put(RecordField.EVENT_ID, Set.of(IndexKey.normalize(RecordField.EVENT_ID, v))));
        q.source().ifPresent(v -> equal.put(RecordField.SOURCE, Set.of(IndexKey.normalize(RecordField.SOURCE, v))));
        Set<String> recipients = Set.copyOf(q.recipients().stream().map(r -> IndexKey.normalize(RecordField.RECIPIENT_ADDRESS, r)).toList());
        Set<String> references = q.reference().map(r -> Set.of(IndexKey.normalize(RecordField.REFERENCE, r))).orElse(Set.of());
        return new Criteria(equal, recipients, references,
                q.start().map(java.time.Instant::toEpochMilli).orElse(Long.MIN_VALUE),
                q.end().map(java.time.Instant::toEpochMilli).orElse(Long.MAX_VALUE),
                q.subject().map(s -> s.toLowerCase(Locale.ROOT)));
    }

    /** Records of one of these messages (by network-message-id or message-id), in any time. */
    static Criteria anyOf(RecordField idField, Set<String> normalizedIds) {
        return new Criteria(Map.of(idField, normalizedIds), Set.of(), Set.of(), Long.MIN_VALUE, Long.MAX_VALUE, Optional.empty());
    }

    /**
     * The key the index can answer best, most selective first: message ids, then recipients,
     * then the sender (a bulk sender's address is in most records). Empty when no indexed field
     * is asked for (a subject or time-only search reads the files).
     */
    Optional<Map.Entry<IndexKey, Set<String>>> indexKey() {
        for (IndexKey k : new IndexKey[] {IndexKey.MESSAGE_ID, IndexKey.NETWORK_MESSAGE_ID, IndexKey.INTERNAL_MESSAGE_ID}) {
            Set<String> v = equal.get(k.field);
            if (v != null) {
                return Optional.of(Map.entry(k, v));
            }
        }
        if (!recipients.isEmpty()) {
            return Optional.of(Map.entry(IndexKey.RECIPIENT, recipients));
        }
        Set<String> sender = equal.get(RecordField.SENDER_ADDRESS);
        return sender == null ? Optional.empty() : Optional.of(Map.entry(IndexKey.SENDER, sender));
    }
}
